/** Every email's words, in one place. Each has a plain-text and an HTML body. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escape(p)}</p>`).join('');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escape(action.url)}" style="background:#1f4fd1;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escape(action.label)}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1f24;max-width:560px;margin:auto;padding:24px"><h1 style="font-size:20px">${escape(title)}</h1>${body}${button}<p style="color:#667;font-size:12px">LeadFlow</p></body></html>`;
}

export function welcomeEmail(input: { firstName: string; appUrl: string }): EmailContent {
  const url = `${input.appUrl}/`;
  const lines = [
    `Hi ${input.firstName},`,
    'Welcome to LeadFlow. Finish setting up your account — business details, the leads you want, and a card — and leads start arriving.',
  ];
  return {
    subject: 'Welcome to LeadFlow',
    text: `${lines.join('\n\n')}\n\nContinue: ${url}\n`,
    html: layout('Welcome to LeadFlow', lines, { label: 'Continue setting up', url }),
  };
}

export function passwordResetEmail(input: { firstName: string; link: string; validMinutes: number }): EmailContent {
  const lines = [
    `Hi ${input.firstName},`,
    `Someone asked to reset your LeadFlow password. The link works once, for ${input.validMinutes} minutes.`,
    "If it wasn't you, ignore this email: your password stays as it is.",
  ];
  return {
    subject: 'Reset your LeadFlow password',
    text: `${lines.join('\n\n')}\n\nReset your password: ${input.link}\n`,
    html: layout('Reset your password', lines, { label: 'Choose a new password', url: input.link }),
  };
}

const gbp = (minor: number) => `£${(minor / 100).toFixed(2)}`;

export interface PaymentFacts {
  firstName: string;
  kind: 'manual_top_up' | 'auto_charge' | 'weekly_request' | 'subscription';
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  vatRateBps: number;
  billingUrl: string;
}

const amounts = (p: PaymentFacts) => [
  `Credit: ${gbp(p.netAmount)}`,
  `VAT (${p.vatRateBps / 100}%): ${gbp(p.vatAmount)}`,
  `Total charged: ${gbp(p.grossAmount)}`,
];

export function paymentSucceededEmail(p: PaymentFacts & { balance: number; receiptUrl: string }): EmailContent {
  const what =
    p.kind === 'auto_charge'
      ? 'Your auto-charge went through'
      : p.kind === 'weekly_request'
        ? 'Thanks — your invoice is paid'
        : 'Your top-up went through';
  const lines = [`Hi ${p.firstName},`, `${what}.`, ...amounts(p), `Your balance is now ${gbp(p.balance)}.`];
  return {
    subject: `Receipt: ${gbp(p.grossAmount)} paid`,
    text: `${lines.join('\n')}\n\nYour receipt (PDF to download): ${p.receiptUrl}\nBilling: ${p.billingUrl}\n`,
    html: layout('Payment received', lines, { label: 'View your receipt', url: p.receiptUrl }),
  };
}

export function paymentFailedEmail(p: PaymentFacts & { reason: string }): EmailContent {
  const what = p.kind === 'auto_charge' ? 'Your auto-charge' : p.kind === 'weekly_request' ? 'Payment of your invoice' : 'Your top-up';
  const lines = [
    `Hi ${p.firstName},`,
    `${what} of ${gbp(p.grossAmount)} failed: ${p.reason}`,
    'Your balance has not changed. Check your card, or add another one, and try again.',
  ];
  return {
    subject: `Payment failed: ${gbp(p.grossAmount)}`,
    text: `${lines.join('\n\n')}\n\nBilling: ${p.billingUrl}\n`,
    html: layout('Payment failed', lines, { label: 'Update your card', url: p.billingUrl }),
  };
}

export function reportDecidedEmail(p: {
  firstName: string;
  approved: boolean;
  postcode: string;
  reportedOn: string;
  refund: number;
  note: string | null;
  leadUrl: string;
}): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    p.approved
      ? `We approved your report of the lead in ${p.postcode || 'your area'} (reported ${p.reportedOn}): ${gbp(p.refund)} is back on your balance.`
      : `We looked at your report of the lead in ${p.postcode || 'your area'} (reported ${p.reportedOn}) and did not approve it, so the lead stays charged.`,
    ...(p.note ? [`Our note: ${p.note}`] : []),
  ];
  return {
    subject: p.approved ? `Report approved: ${gbp(p.refund)} refunded` : 'Report not approved',
    text: `${lines.join('\n\n')}\n\nThe lead: ${p.leadUrl}\n`,
    html: layout(p.approved ? 'Report approved' : 'Report not approved', lines, { label: 'See the lead', url: p.leadUrl }),
  };
}

export function paymentActionRequiredEmail(p: PaymentFacts & { actionUrl: string }): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Your bank wants you to approve the ${p.kind === 'auto_charge' ? 'auto-charge' : 'payment'} of ${gbp(p.grossAmount)} (${gbp(p.netAmount)} credit + ${gbp(p.vatAmount)} VAT).`,
    'Until you do, no credit is added.',
  ];
  return {
    subject: `Action needed: approve a payment of ${gbp(p.grossAmount)}`,
    text: `${lines.join('\n\n')}\n\nApprove the payment: ${p.actionUrl}\n`,
    html: layout('Approve your payment', lines, { label: 'Approve the payment', url: p.actionUrl }),
  };
}

export function invoiceIssuedEmail(p: PaymentFacts & { periodStart: string; periodEnd: string; invoiceUrl: string }): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Your invoice for leads delivered ${p.periodStart} to ${p.periodEnd} is ready.`,
    `Leads: ${gbp(p.netAmount)}`,
    `VAT (${p.vatRateBps / 100}%): ${gbp(p.vatAmount)}`,
    `Total due: ${gbp(p.grossAmount)}`,
  ];
  return {
    subject: `Invoice: ${gbp(p.grossAmount)} for ${p.periodStart} to ${p.periodEnd}`,
    text: `${lines.join('\n')}\n\nView and pay: ${p.invoiceUrl}\n`,
    html: layout('Your weekly invoice', lines, { label: 'View and pay', url: p.invoiceUrl }),
  };
}

export function newLeadEmail(input: {
  firstName: string;
  industry: string;
  postcode: string;
  price: number;
  fields: Array<{ label: string; value: string }>;
  leadUrl: string;
}): EmailContent {
  const lines = [
    `Hi ${input.firstName},`,
    `A new ${input.industry} lead in ${input.postcode} (${gbp(input.price)}):`,
    ...input.fields.map((f) => `${f.label}: ${f.value}`),
  ];
  return {
    subject: `New lead: ${input.industry}, ${input.postcode}`,
    text: `${lines.join('\n')}\n\nOpen it: ${input.leadUrl}\n`,
    html: layout('New lead', lines, { label: 'Open the lead', url: input.leadUrl }),
  };
}

export function lowBalanceEmail(input: {
  firstName: string;
  businessName: string;
  balance: number;
  zero: boolean;
  /** Auto-charge is on (it is topping up by this much); null when it is off. */
  autoCharge: { amount: number } | null;
  billingUrl: string;
}): EmailContent {
  const next = input.autoCharge
    ? `Auto-charge is on and is buying ${gbp(input.autoCharge.amount)} of credit on your default card. If it does not go through, check the card on your billing page.`
    : null;
  const lines = input.zero
    ? [
        `Hi ${input.firstName},`,
        `${input.businessName} has run out of credit, so leads have stopped.`,
        next ?? 'Top up, or turn on auto-charge, and they start again straight away.',
      ]
    : [
        `Hi ${input.firstName},`,
        `${input.businessName}’s balance is down to ${gbp(input.balance)}.`,
        next ?? 'Top up soon, or turn on auto-charge, so leads keep coming.',
      ];
  const subject = input.zero ? 'You are out of credit: leads have stopped' : `Low balance: ${gbp(input.balance)} left`;
  return {
    subject,
    text: `${lines.join('\n\n')}\n\nTop up: ${input.billingUrl}\n`,
    html: layout(input.zero ? 'Out of credit' : 'Your balance is low', lines, { label: 'Top up', url: input.billingUrl }),
  };
}

export function webhookFailingEmail(input: {
  firstName: string;
  url: string;
  eventType: string;
  reason: string;
  disabled: boolean;
  integrationsUrl: string;
}): EmailContent {
  const lines = [
    `Hi ${input.firstName},`,
    input.disabled
      ? `Your webhook endpoint ${input.url} answered 410 Gone, so we switched it off. No more events go to it until you switch it back on.`
      : `We could not deliver a ${input.eventType} event to your webhook endpoint ${input.url} after every retry (last answer: ${input.reason}).`,
    'The delivery log shows each attempt and lets you replay failed deliveries once the endpoint is fixed.',
  ];
  return {
    subject: input.disabled ? 'Your webhook endpoint was switched off' : 'Your webhook endpoint is failing',
    text: `${lines.join('\n\n')}\n\nDelivery log: ${input.integrationsUrl}\n`,
    html: layout(input.disabled ? 'Webhook endpoint switched off' : 'Webhook endpoint failing', lines, {
      label: 'Open the delivery log',
      url: input.integrationsUrl,
    }),
  };
}

export function teamInviteEmail(input: {
  inviterName: string;
  businessName: string;
  role: 'owner' | 'member';
  link: string;
  validDays: number;
}): EmailContent {
  const lines = [
    'Hello,',
    `${input.inviterName} has invited you to join ${input.businessName} on LeadFlow as ${input.role === 'owner' ? 'an owner' : 'a member'}.`,
    `The link works once, for ${input.validDays} days. If you were not expecting this, ignore this email.`,
  ];
  return {
    subject: `Join ${input.businessName} on LeadFlow`,
    text: `${lines.join('\n\n')}\n\nAccept the invite: ${input.link}\n`,
    html: layout(`Join ${input.businessName} on LeadFlow`, lines, { label: 'Accept the invite', url: input.link }),
  };
}

/** "£12.00" in the invoice's currency. */
const amount = (minor: number, currency: string) => new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);

/** A subscription invoice as its emails show it: dates already written for people ("4 Dec 2026"). */
export interface SubscriptionInvoiceFacts {
  firstName: string;
  number: string;
  /** "4 Dec 2026 – 4 Jan 2027" */
  period: string;
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  currency: string;
  /** The Plan page: the invoice list with its PDFs, and "Pay now". */
  planUrl: string;
}

const invoiceAmounts = (p: SubscriptionInvoiceFacts, total: string) => [
  `Subscription: ${amount(p.netAmount, p.currency)}`,
  `VAT: ${amount(p.vatAmount, p.currency)}`,
  `${total}: ${amount(p.grossAmount, p.currency)}`,
];

export function subscriptionInvoiceIssuedEmail(
  p: SubscriptionInvoiceFacts & {
    dueOn: string;
    /** When the card is charged ("4 Jan 2027"); null when it is not. */ chargeOn: string | null;
  },
): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Your LeadFlow subscription invoice ${p.number} for ${p.period} is ready.`,
    ...invoiceAmounts(p, 'Total due'),
    `Due: ${p.dueOn}`,
    p.chargeOn
      ? `We charge your default card on ${p.chargeOn}. The invoice (PDF) is on your Plan page.`
      : 'Pay it from your Plan page, where the invoice (PDF) is too.',
  ];
  return {
    subject: `Invoice ${p.number}: ${amount(p.grossAmount, p.currency)} due ${p.dueOn}`,
    text: `${lines.join('\n')}\n\nView the invoice: ${p.planUrl}\n`,
    html: layout(`Invoice ${p.number}`, lines, { label: 'View the invoice', url: p.planUrl }),
  };
}

export function subscriptionInvoicePaidEmail(p: SubscriptionInvoiceFacts & { paidOn: string; validUntil: string }): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Thanks — invoice ${p.number} for ${p.period} is paid.`,
    ...invoiceAmounts(p, 'Total paid'),
    `Paid on ${p.paidOn}. Your subscription is valid until ${p.validUntil}.`,
    'This email is your receipt; the invoice (PDF) is on your Plan page.',
  ];
  return {
    subject: `Receipt: invoice ${p.number}, ${amount(p.grossAmount, p.currency)} paid`,
    text: `${lines.join('\n')}\n\nYour invoices: ${p.planUrl}\n`,
    html: layout('Payment received', lines, { label: 'View your invoices', url: p.planUrl }),
  };
}

export function subscriptionPaymentFailedEmail(p: {
  firstName: string;
  number: string;
  grossAmount: number;
  currency: string;
  reason: string;
  /** The next automatic try ("11 Dec 2026"); null when none is left. */
  nextAttempt: string | null;
  graceEnds: string;
  planUrl: string;
}): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `We could not take ${amount(p.grossAmount, p.currency)} for your LeadFlow subscription (invoice ${p.number}): ${p.reason}`,
    p.nextAttempt ? `We will try your card again on ${p.nextAttempt}.` : 'We will not try your card again by ourselves.',
    `If the invoice is still unpaid on ${p.graceEnds}, your account is suspended and leads stop until it is paid.`,
    'Pay it now from your Plan page, with this card or another one.',
  ];
  return {
    subject: `Payment failed: invoice ${p.number} (${amount(p.grossAmount, p.currency)})`,
    text: `${lines.join('\n\n')}\n\nPay now: ${p.planUrl}\n`,
    html: layout('Your subscription payment failed', lines, { label: 'Pay now', url: p.planUrl }),
  };
}

export function subscriptionSuspendedEmail(p: {
  firstName: string;
  businessName: string;
  number: string;
  grossAmount: number;
  currency: string;
  planUrl: string;
}): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Invoice ${p.number} (${amount(p.grossAmount, p.currency)}) is still unpaid, so we have suspended ${p.businessName}’s account: leads have stopped.`,
    'You can still sign in. Pay the invoice and leads start again straight away.',
  ];
  return {
    subject: 'Your account is suspended: leads have stopped',
    text: `${lines.join('\n\n')}\n\nPay now: ${p.planUrl}\n`,
    html: layout('Account suspended', lines, { label: 'Pay now', url: p.planUrl }),
  };
}

export function subscriptionReactivatedEmail(p: { firstName: string; businessName: string; planUrl: string }): EmailContent {
  const lines = [
    `Hi ${p.firstName},`,
    `Thanks — the overdue invoice is paid and ${p.businessName}’s account is active again.`,
    'Leads are delivered to you again from now.',
  ];
  return {
    subject: 'Your account is active again: leads are flowing',
    text: `${lines.join('\n\n')}\n\nYour plan: ${p.planUrl}\n`,
    html: layout('Account active again', lines, { label: 'See your plan', url: p.planUrl }),
  };
}
