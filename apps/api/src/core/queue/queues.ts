/**
 * The Bull queues, one per domain, each consumed by one processor in the worker. The API only
 * produces jobs. Jobs carry ids only; handlers re-read state and are safe to run twice.
 */
export const QUEUES = {
  /** Every email (NotificationsProcessor). */
  email: 'email',
  /** One attempt of one webhook delivery (WebhooksProcessor). */
  webhooks: 'webhooks',
  /** Auto-charges, the weekly invoice run, and the Xero documents of payments and refunds (BillingProcessor). */
  billing: 'billing',
  /** Registration of a client with an outside system: Stripe, LeadByte, Xero (IntegrationsProcessor). */
  integrations: 'integrations',
  /** Text messages through Twilio: verification codes, alerts and their summaries (SmsProcessor). */
  sms: 'sms',
  /** Data protection: the retention run that erases leads past their industry's retention (PrivacyProcessor). */
  privacy: 'privacy',
  /** The platform subscription: the cycle run (issue, charge, retry, suspend, roll) and its Xero documents (SubscriptionsProcessor). */
  subscriptions: 'subscriptions',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: QueueName[] = Object.values(QUEUES);

export interface EmailJobs {
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
  'email.report-decided': { reportId: string };
  /** An outbox event of the subscription cycle that the client is emailed about (invoice issued or paid, payment failed, suspended, reactivated). */
  'email.subscription-event': { eventId: string; type: string; clientId: string; payload: Record<string, unknown> };
}
export type EmailJobName = keyof EmailJobs;

export interface WebhookJobs {
  /** The relay hands these over: up to WEBHOOK_JOB_BATCH deliveries of one endpoint; the rows say what to send. */
  'webhook.deliver-batch': { items: Array<{ deliveryId: string; attempt: number }> };
  /** One delivery: what earlier releases queued. */
  'webhook.deliver': { deliveryId: string; attempt: number };
}

export interface BillingJobs {
  'autocharge.run': { clientId: string };
  /** Repeatable (cron); the run works out its own period from the job's timestamp. */
  'billing.weekly-invoices': Record<string, never>;
  'xero.invoice': { paymentId: string };
  'xero.credit-note': { ledgerEntryId: string };
}

/** The state row of each integration says how it went. */
export interface IntegrationJobs {
  'register.stripe-customer': { clientId: string };
  'register.leadbyte-buyer': { clientId: string };
  'register.xero-contact': { clientId: string };
}
export type IntegrationJobName = keyof IntegrationJobs;

export interface SmsJobs {
  /** Send a verification code to a number that asked for one at `requestedAt` (ISO; a newer request supersedes it). */
  'sms.verify': { numberId: string; requestedAt: string };
  /** An outbox event that may alert the client's numbers (new lead, low balance, out of credit, payment failed). */
  'sms.alerts': { eventId: string; type: string; clientId: string; payload: Record<string, unknown> };
  /** At the end of a number's rate-limit window: one text counting the alerts held back in it. */
  'sms.summary': { numberId: string; windowStart: string };
}

export interface PrivacyJobs {
  /** Repeatable (cron): erases, in batches, every lead past its industry's retention; safe to run twice or at once. */
  'privacy.retention': Record<string, never>;
}

export interface SubscriptionJobs {
  /** Repeatable (cron): one pass of the cycle at the job's time; safe with several workers at once. */
  'subscriptions.cycle': Record<string, never>;
  /** An issued invoice's Xero twin (ACCREC, our number); re-reads the invoice, safe to run twice. */
  'xero.subscription-invoice': { invoiceId: string };
  /** A paid invoice's payment in Xero (its Xero invoice made first when missing). */
  'xero.subscription-payment': { invoiceId: string };
  /** A void invoice's credit note in Xero (the invoice's id: one credit note each), allocated to its Xero invoice. */
  'xero.subscription-credit-note': { invoiceId: string };
}

/** The jobs of each queue: a job name belongs to exactly one queue. */
export interface QueueJobs {
  email: EmailJobs;
  webhooks: WebhookJobs;
  billing: BillingJobs;
  integrations: IntegrationJobs;
  sms: SmsJobs;
  privacy: PrivacyJobs;
  subscriptions: SubscriptionJobs;
}
export type JobName<Q extends QueueName> = keyof QueueJobs[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = QueueJobs[Q][N];

/** Every job name with the queue that runs it (the worker refuses to boot if a queue's processor misses one). */
export const JOB_NAMES: { [Q in QueueName]: readonly JobName<Q>[] } = {
  email: [
    'email.welcome',
    'email.password-reset',
    'email.payment-succeeded',
    'email.payment-failed',
    'email.payment-action-required',
    'email.invoice-issued',
    'email.new-lead',
    'email.low-balance',
    'email.webhook-failing',
    'email.team-invite',
    'email.report-decided',
    'email.subscription-event',
  ],
  webhooks: ['webhook.deliver-batch', 'webhook.deliver'],
  billing: ['autocharge.run', 'billing.weekly-invoices', 'xero.invoice', 'xero.credit-note'],
  integrations: ['register.stripe-customer', 'register.leadbyte-buyer', 'register.xero-contact'],
  sms: ['sms.verify', 'sms.alerts', 'sms.summary'],
  privacy: ['privacy.retention'],
  subscriptions: ['subscriptions.cycle', 'xero.subscription-invoice', 'xero.subscription-payment', 'xero.subscription-credit-note'],
};

/**
 * The queues of earlier releases, and where their jobs go now. On deploy the worker moves any
 * job still waiting or delayed in them to the new queue (same name, data and id) before it starts
 * processing: see LegacyQueueDrain.
 */
export const LEGACY_QUEUES: Record<string, (jobName: string) => QueueName> = {
  notifications: (job) => (job === 'webhook.deliver' ? 'webhooks' : 'email'),
  autocharge: () => 'billing',
};
/** Jobs that moved out of a queue that still exists under the same name. */
export const MOVED_JOBS: Record<string, { from: QueueName; to: QueueName }> = {
  'xero.invoice': { from: 'integrations', to: 'billing' },
  'xero.credit-note': { from: 'integrations', to: 'billing' },
};

/** The queue a job runs on now, given the queue it was added to (possibly by an earlier release); null if none. */
export function currentQueueOf(queue: string, jobName: string): QueueName | null {
  const moved = MOVED_JOBS[jobName];
  if (moved && moved.from === queue) return moved.to;
  const legacy = LEGACY_QUEUES[queue];
  if (legacy) return legacy(jobName);
  return (QUEUE_NAMES as string[]).includes(queue) ? (queue as QueueName) : null;
}
