import { failureDetail, plainFailure } from './decline-reasons';

describe('decline reasons', () => {
  it('speaks to the client by decline code first, then error code, and never passes Stripe’s developer text on', () => {
    expect(plainFailure({ code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' })).toBe(
      'Your bank declined the payment: there was not enough money on the card. Top up with another card, or try again later.',
    );
    expect(plainFailure({ code: 'expired_card', message: 'Your card has expired.' })).toBe(
      'The card has expired. Add your new card and make it the default.',
    );
    const developerText =
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';
    const failedAuth = plainFailure({ code: 'payment_intent_authentication_failure', message: developerText });
    expect(failedAuth).toBe(
      'The bank’s security check was not completed, so nothing was charged. Try again and approve the payment with your bank.',
    );
    // A code we have no words for still gets words, not Stripe's message.
    expect(plainFailure({ code: 'something_new', message: developerText })).toBe(
      'The payment did not go through. Try again with another card, or ask your bank why.',
    );
    expect(plainFailure(null)).toMatch(/^The payment did not go through/);
  });

  it('keeps Stripe’s own message and codes for admins', () => {
    expect(failureDetail({ code: 'card_declined', decline_code: 'do_not_honor', message: 'Your card was declined.' })).toBe(
      'Your card was declined. (card_declined / do_not_honor)',
    );
    expect(failureDetail({ message: 'Something odd' })).toBe('Something odd');
    expect(failureDetail(undefined)).toBeNull();
  });
});
