import {
  getSubscriptionQueryKey,
  listSubscriptionInvoicesQueryKey,
  quoteSubscriptionChange,
  type ClientSubscriptionDto,
  type QuoteRequestDto,
  type SubscriptionPaymentDto,
  type SubscriptionQuoteDto,
} from '@leadflow/api-client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Outcome, SdkResult } from './api-result';
import { useApiCall } from './connection';
import { formatDate, formatMoney } from './format';
import { useRefresh } from './use-refresh';

/**
 * What a change would cost, asked of the API (no side effects) whenever the request changes;
 * `null` asks nothing. The last answer stays on screen while the next one loads.
 */
export function useQuote(request: QuoteRequestDto | null) {
  return useQuery({
    queryKey: ['subscription-quote', request],
    queryFn: async ({ signal }) => (await quoteSubscriptionChange({ body: request!, signal, throwOnError: true })).data,
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
    gcTime: 0,
  });
}

/** "£58.80 charged now (prorated)" or "From 4 Jan 2027, nothing to pay now". */
export function quoteText(quote: SubscriptionQuoteDto): string {
  if (quote.effective === 'period_end') return `From ${formatDate(quote.effectiveAt)}, when your paid time ends. Nothing to pay now.`;
  if (quote.grossAmount === 0) return 'Now, at no charge.';
  const prorated = quote.lines.some((l) => /prorated/i.test(l.description));
  return `${formatMoney(quote.grossAmount, quote.currency)} charged now${prorated ? ' (prorated)' : ''}, including ${formatMoney(quote.vatAmount, quote.currency)} VAT.`;
}

/** What a charge for the subscription came to, for a banner or a form. */
export type ChargeOutcome = Outcome<SubscriptionPaymentDto> | { ok: 'redirecting' };

/**
 * Runs a call that charges the card for the subscription: 3-D Secure sends the browser to Stripe's
 * page (which comes back to /plan?payment=…); otherwise the subscription on screen is replaced by
 * the one in the answer and the invoices load again.
 */
export function useSubscriptionCharge() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useCallback(
    async (request: Promise<SdkResult<SubscriptionPaymentDto>>): Promise<ChargeOutcome> => {
      const outcome = await call(request);
      if (outcome.ok && outcome.data.status === 'requires_action' && outcome.data.nextActionUrl) {
        window.location.assign(outcome.data.nextActionUrl);
        return { ok: 'redirecting' };
      }
      if (outcome.ok) {
        queryClient.setQueryData(getSubscriptionQueryKey(), outcome.data.subscription);
        void refresh(listSubscriptionInvoicesQueryKey);
      }
      return outcome;
    },
    [call, queryClient, refresh],
  );
}

/** After a change that answers the subscription itself (cancel, resume). */
export function useSubscriptionUpdate() {
  const queryClient = useQueryClient();
  return useCallback((sub: ClientSubscriptionDto) => queryClient.setQueryData(getSubscriptionQueryKey(), sub), [queryClient]);
}

/** "a month" / "a year": a plan's billing period, for prices per period. */
export function periodWord(plan: { billingPeriod: 'monthly' | 'yearly' }): string {
  return plan.billingPeriod === 'yearly' ? 'year' : 'month';
}
