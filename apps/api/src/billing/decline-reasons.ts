/** What Stripe says about a failed charge (a card error's or a PaymentIntent's `last_payment_error`). */
export interface StripeFailure {
  code?: string | null;
  decline_code?: string | null;
  message?: string | null;
}

const TRY_ANOTHER = 'Try again with another card, or ask your bank why.';

/** Decline codes (and error codes) → what happened and what to do, in words a client can act on. */
const PLAIN: Record<string, string> = {
  insufficient_funds:
    'Your bank declined the payment: there was not enough money on the card. Top up with another card, or try again later.',
  expired_card: 'The card has expired. Add your new card and make it the default.',
  incorrect_cvc: 'The card’s security code (CVC) was wrong. Add the card again with the right code.',
  invalid_cvc: 'The card’s security code (CVC) was wrong. Add the card again with the right code.',
  incorrect_number: 'The card number is not valid. Add the card again.',
  invalid_number: 'The card number is not valid. Add the card again.',
  invalid_expiry_month: 'The card’s expiry date is not valid. Add the card again.',
  invalid_expiry_year: 'The card’s expiry date is not valid. Add the card again.',
  processing_error: 'The bank could not process the payment just now. Try again in a few minutes.',
  authentication_required: 'Your bank wants you to approve this payment. Open Billing and approve it.',
  payment_intent_authentication_failure:
    'The bank’s security check was not completed, so nothing was charged. Try again and approve the payment with your bank.',
  card_velocity_exceeded:
    'Your bank declined the payment: the card’s spending limit was reached. Try another card, or ask your bank to raise the limit.',
  withdrawal_count_limit_exceeded:
    'Your bank declined the payment: the card’s spending limit was reached. Try another card, or ask your bank to raise the limit.',
  lost_card: `Your bank declined this card. ${TRY_ANOTHER}`,
  stolen_card: `Your bank declined this card. ${TRY_ANOTHER}`,
  pickup_card: `Your bank declined this card. ${TRY_ANOTHER}`,
  fraudulent: `Your bank declined the payment. ${TRY_ANOTHER}`,
  do_not_honor: `Your bank declined the payment. ${TRY_ANOTHER}`,
  generic_decline: `Your bank declined the payment. ${TRY_ANOTHER}`,
  card_declined: `Your bank declined the payment. ${TRY_ANOTHER}`,
};

/** The client's words for a failed charge: by decline code, then error code; never Stripe's developer message. */
export function plainFailure(f: StripeFailure | null | undefined): string {
  return (f?.decline_code && PLAIN[f.decline_code]) || (f?.code && PLAIN[f.code]) || `The payment did not go through. ${TRY_ANOTHER}`;
}

/** Stripe's own account of it, for admins: the message with its codes. */
export function failureDetail(f: StripeFailure | null | undefined): string | null {
  if (!f) return null;
  const codes = [f.code, f.decline_code].filter(Boolean).join(' / ');
  return [f.message, codes ? `(${codes})` : null].filter(Boolean).join(' ') || null;
}
