/** Stripe's documented test cards and the outcome each one produces. */
export type CardOutcome =
  | 'succeed'
  | 'generic_decline'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'attach_ok_charge_declined'
  /** 4000002500003155: 3-D Secure needed unless the card was set up for off-session use. */
  | 'auth_unless_setup'
  /** 4000002760003184: 3-D Secure needed on every payment, even after setup. */
  | 'auth_always';

export interface CardInfo {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'unknown';
  outcome: CardOutcome;
}

const OUTCOMES: Record<string, CardOutcome> = {
  '4242424242424242': 'succeed',
  '4000056655665556': 'succeed',
  '5555555555554444': 'succeed',
  '378282246310005': 'succeed',
  '4000000000000002': 'generic_decline',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000127': 'incorrect_cvc',
  '4000000000000119': 'processing_error',
  '4000000000000341': 'attach_ok_charge_declined',
  '4000002500003155': 'auth_unless_setup',
  '4000002760003184': 'auth_always',
  '4000000000003220': 'auth_always',
};

/** Test PaymentMethod ids Stripe accepts anywhere a `pm_...` is expected. */
export const TEST_PAYMENT_METHOD_TOKENS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_threeDSecure2Required: '4000000000003220',
};

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): CardInfo['brand'] {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'unknown';
}

export function cardInfo(rawNumber: string): CardInfo | undefined {
  const number = rawNumber.replace(/[\s-]/g, '');
  if (!luhnValid(number)) return undefined;
  return { number, brand: brandOf(number), outcome: OUTCOMES[number] ?? 'succeed' };
}

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

/** The card_error a declining card produces at charge/setup time, or undefined if it passes. */
export function declineFor(outcome: CardOutcome): Decline | undefined {
  switch (outcome) {
    case 'generic_decline':
    case 'attach_ok_charge_declined':
      return { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
    case 'insufficient_funds':
      return { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
    case 'expired_card':
      return { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' };
    case 'incorrect_cvc':
      return { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect." };
    case 'processing_error':
      return {
        code: 'processing_error',
        decline_code: 'processing_error',
        message: 'An error occurred while processing your card. Try again in a little bit.',
      };
    default:
      return undefined;
  }
}
