/** The Bull queues. The API only produces jobs; the worker process consumes them. */
export const QUEUES = {
  notifications: 'notifications',
  autocharge: 'autocharge',
  integrations: 'integrations',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: QueueName[] = Object.values(QUEUES);

/** Jobs carry ids only; handlers re-read state and are safe to run twice. */
export interface NotificationJobs {
  'email.welcome': { userId: string };
  'email.password-reset': { resetId: string };
  'email.payment-succeeded': { paymentId: string };
  'email.payment-failed': { paymentId: string };
  'email.payment-action-required': { paymentId: string };
  'email.invoice-issued': { paymentId: string };
  'email.new-lead': { deliveryId: string };
  'email.low-balance': { clientId: string; balance: number; zero: boolean };
  'email.webhook-failing': { endpointId: string; deliveryId: string };
  'email.team-invite': { inviteId: string };
  /** One attempt of one webhook delivery; the relay hands these over, the row says what to send. */
  'webhook.deliver': { deliveryId: string; attempt: number };
}
export type NotificationJobName = keyof NotificationJobs;

/** Registration of a client with one outside system; the state row says how it went. */
export interface IntegrationJobs {
  'register.stripe-customer': { clientId: string };
  'register.leadbyte-buyer': { clientId: string };
  'register.xero-contact': { clientId: string };
  'xero.invoice': { paymentId: string };
  'xero.credit-note': { ledgerEntryId: string };
}
export type IntegrationJobName = keyof IntegrationJobs;

export interface AutochargeJobs {
  'autocharge.run': { clientId: string };
}
export type AutochargeJobName = keyof AutochargeJobs;
