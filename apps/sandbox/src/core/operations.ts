/**
 * Every operation the failure injector (`POST /_sandbox/fail`) can target.
 * Names follow the official SDK call that reaches the route (`stripe.paymentIntents.create`
 * is what `stripe.paymentIntents.create(...)` sends).
 */
export const OPERATIONS = [
  'stripe.customers.create',
  'stripe.customers.retrieve',
  'stripe.customers.update',
  'stripe.customers.list',
  'stripe.customers.search',
  'stripe.customers.listPaymentMethods',
  'stripe.paymentMethods.create',
  'stripe.paymentMethods.retrieve',
  'stripe.paymentMethods.attach',
  'stripe.paymentMethods.detach',
  'stripe.paymentMethods.list',
  'stripe.setupIntents.create',
  'stripe.setupIntents.retrieve',
  'stripe.setupIntents.confirm',
  'stripe.paymentIntents.create',
  'stripe.paymentIntents.retrieve',
  'stripe.paymentIntents.confirm',
  'stripe.paymentIntents.cancel',
  'stripe.paymentIntents.list',
  'stripe.checkout.sessions.create',
  'stripe.checkout.sessions.retrieve',
  'stripe.invoiceItems.create',
  'stripe.invoices.create',
  'stripe.invoices.retrieve',
  'stripe.invoices.list',
  'stripe.invoices.search',
  'stripe.invoices.finalizeInvoice',
  'stripe.invoices.sendInvoice',
  'stripe.invoices.pay',
  'stripe.invoices.voidInvoice',
  'stripe.events.list',
  'stripe.events.retrieve',
  'stripe.webhooks.deliver',
  'xero.token',
  'xero.connections.list',
  'xero.contacts.create',
  'xero.contacts.update',
  'xero.contacts.list',
  'xero.contacts.retrieve',
  'xero.invoices.create',
  'xero.invoices.list',
  'xero.invoices.retrieve',
  'xero.creditNotes.create',
  'xero.creditNotes.retrieve',
  'xero.creditNotes.allocate',
  'xero.payments.create',
  'xero.payments.list',
  'xero.payments.retrieve',
  'leadbyte.buyers.create',
  'twilio.messages.create',
  'twilio.messages.fetch',
  'twilio.messages.list',
] as const;

export type Operation = (typeof OPERATIONS)[number];

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}
