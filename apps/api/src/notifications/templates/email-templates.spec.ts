import { subscriptionInvoiceIssuedEmail, subscriptionPaymentFailedEmail } from './email-templates';

const failed = {
  firstName: 'Ada',
  number: 'LF-000012',
  grossAmount: 5_880,
  currency: 'GBP',
  reason: 'Your bank declined the payment. Try again with another card, or ask your bank why.',
  nextAttempt: '5 Jan 2027',
  graceEnds: '11 Jan 2027',
  planUrl: 'https://app.example/plan',
};

describe('subscription email words', () => {
  it('names the next try of a failed charge, or says there is none left', () => {
    expect(subscriptionPaymentFailedEmail(failed).text).toContain('We will try your card again on 5 Jan 2027.');
    const last = subscriptionPaymentFailedEmail({ ...failed, nextAttempt: null }).text;
    expect(last).toContain('We will not try your card again by ourselves.');
    expect(last).toContain('If the invoice is still unpaid on 11 Jan 2027, your account is suspended');
  });

  it('escapes what it is told in the HTML (a reason is Stripe’s or ours, a name the client’s)', () => {
    const html = subscriptionPaymentFailedEmail({ ...failed, firstName: '<b>Ada</b>', reason: 'card "declined" & <gone>' }).html;
    expect(html).toContain('Hi &#60;b&#62;Ada&#60;/b&#62;,');
    expect(html).toContain('card &#34;declined&#34; &#38; &#60;gone&#62;');
    expect(html).not.toContain('<gone>');
  });

  it('says when the card is charged for an issued invoice, or to pay it from the Plan page when it is not', () => {
    const base = {
      firstName: 'Ada',
      number: 'LF-000013',
      period: '4 Jan 2027 – 4 Feb 2027',
      netAmount: 4_900,
      vatAmount: 980,
      grossAmount: 5_880,
      currency: 'GBP',
      planUrl: 'https://app.example/plan',
      dueOn: '18 Jan 2027',
    };
    expect(subscriptionInvoiceIssuedEmail({ ...base, chargeOn: '4 Jan 2027' }).text).toContain(
      'We charge your default card on 4 Jan 2027.',
    );
    expect(subscriptionInvoiceIssuedEmail({ ...base, chargeOn: null }).text).toContain('Pay it from your Plan page');
    expect(subscriptionInvoiceIssuedEmail({ ...base, chargeOn: null }).subject).toBe('Invoice LF-000013: £58.80 due 18 Jan 2027');
  });
});
