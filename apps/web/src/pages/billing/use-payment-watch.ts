import { getPaymentOptions, type PaymentDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { paymentInFlight } from '../../api/format';
import { failureMessage, failureStatus } from '../../api/query';

const POLL_MS = 1_000;
const MAX_WAIT_MS = 45_000;

export interface PaymentWatch {
  payment: PaymentDto | undefined;
  error: string | null;
  /** Still in flight when we stopped asking; "Check again" starts another round. */
  gaveUp: boolean;
  recheck: () => void;
}

/**
 * Reads a payment until it leaves pending/requires_action: Stripe's answer often arrives a
 * moment later by webhook (after 3-D Secure, always). `onSettled` runs once it is final.
 * `stopOnAction`: a payment waiting for the cardholder's approval is not going to move by itself.
 */
export function usePaymentWatch(
  paymentId: string,
  onSettled: (payment: PaymentDto) => void,
  options: { initial?: PaymentDto; stopOnAction?: boolean } = {},
): PaymentWatch {
  const { initial, stopOnAction = false } = options;
  const [deadline, setDeadline] = useState(() => Date.now() + MAX_WAIT_MS);
  const [gaveUp, setGaveUp] = useState(false);
  const query = useQuery({
    ...getPaymentOptions({ path: { id: paymentId } }),
    ...(initial ? { initialData: initial, initialDataUpdatedAt: 0 } : {}),
    refetchInterval: (q) => {
      const payment = q.state.data;
      // The API's refusal stands (a 4xx); a 5xx may pass, so keep asking.
      if (q.state.error && failureStatus(q.state.error) < 500) return false;
      if (payment && !paymentInFlight(payment.status)) return false;
      if (stopOnAction && payment?.status === 'requires_action') return false;
      if (Date.now() > deadline) {
        setGaveUp(true);
        return false;
      }
      return POLL_MS;
    },
  });

  const payment = query.data;
  const settled = useRef(onSettled);
  const told = useRef<string | null>(null);
  useEffect(() => {
    settled.current = onSettled;
  });
  useEffect(() => {
    if (!payment || paymentInFlight(payment.status) || told.current === payment.id) return;
    told.current = payment.id;
    settled.current(payment);
  }, [payment]);

  const { refetch } = query;
  const recheck = useCallback(() => {
    setGaveUp(false);
    setDeadline(Date.now() + MAX_WAIT_MS);
    void refetch();
  }, [refetch]);
  return { payment, error: query.isError ? failureMessage(query.error) : null, gaveUp, recheck };
}
