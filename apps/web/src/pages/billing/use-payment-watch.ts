import { getPayment, type PaymentDto } from '@leadflow/api-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApiCall } from '../../api/connection';
import { paymentInFlight } from '../../api/format';

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
  paymentId: string | null,
  onSettled: (payment: PaymentDto) => void,
  options: { initial?: PaymentDto; stopOnAction?: boolean } = {},
): PaymentWatch {
  const { initial, stopOnAction = false } = options;
  const call = useApiCall();
  const [payment, setPayment] = useState<PaymentDto | undefined>(initial);
  const [error, setError] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const [round, setRound] = useState(0);
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  });

  useEffect(() => {
    if (!paymentId) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = Date.now() + MAX_WAIT_MS;
    setGaveUp(false);
    const poll = async () => {
      const outcome = await call(getPayment({ path: { id: paymentId } }));
      if (!active) return;
      if (outcome.ok) {
        setPayment(outcome.data);
        setError(null);
        if (!paymentInFlight(outcome.data.status)) return settled.current(outcome.data);
        if (stopOnAction && outcome.data.status === 'requires_action') return;
      } else if (outcome.failure.kind === 'api') {
        setError(outcome.failure.message);
        if (outcome.failure.status < 500) return;
      } else {
        return; // the offline page is showing
      }
      if (Date.now() > deadline) return setGaveUp(true);
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [paymentId, round, stopOnAction, call]);

  const recheck = useCallback(() => setRound((n) => n + 1), []);
  return { payment, error, gaveUp, recheck };
}
