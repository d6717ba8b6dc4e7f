import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { calendarDay, isoDay } from '../billing';
import { AppConfig } from '../core/config/app-config';
import type { Tx } from '../core/database/transactions';
import { QUEUES, type EmailJobs } from '../core/queue/queues';
import type { UnpublishedEvent } from '../outbox';
import { InvoicesService } from '../subscriptions';
import { WebhookRelay, type FanOutJob } from '../webhooks';
import { EmailFactsRepository } from './email-facts.repository';
import { MailService } from './mail.service';
import {
  subscriptionInvoiceIssuedEmail,
  subscriptionInvoicePaidEmail,
  subscriptionPaymentFailedEmail,
  subscriptionReactivatedEmail,
  subscriptionSuspendedEmail,
  type EmailContent,
  type SubscriptionInvoiceFacts,
} from './templates/email-templates';

type Job = EmailJobs['email.subscription-event'];

/** The subscription events clients are emailed about: the log's kind, the preference that turns it off, what the job keeps of the payload. */
const EMAILS: Record<string, { kind: string; preference: 'invoices' | 'payments'; keep: string[] }> = {
  'subscription_invoice.issued': { kind: 'subscription_invoice_issued', preference: 'invoices', keep: ['invoiceId'] },
  'subscription_invoice.paid': { kind: 'subscription_invoice_paid', preference: 'payments', keep: ['invoiceId', 'paidAt'] },
  'subscription.payment_failed': {
    kind: 'subscription_payment_failed',
    preference: 'payments',
    keep: ['invoiceId', 'reason', 'nextAttemptAt', 'graceEndsAt'],
  },
  'subscription.suspended': { kind: 'subscription_suspended', preference: 'payments', keep: ['invoiceId'] },
  'subscription.reactivated': { kind: 'subscription_reactivated', preference: 'payments', keep: ['invoiceId'] },
};

/**
 * Emails about the subscription cycle. The outbox relay's fan-out queues one `email.subscription-event`
 * job per such event, its id `email.subscription-event:<event id>`, so an event relayed twice is
 * emailed once. The job re-reads the invoice when it runs and sends only what is still true: no
 * "invoice issued" for an invoice paid or voided since, no "payment failed" or "suspended" once it is
 * paid. The client's email preferences are read then too, as for the other billing emails.
 */
@Injectable()
export class SubscriptionEmails implements OnModuleInit {
  private readonly logger = new Logger(SubscriptionEmails.name);

  constructor(
    private readonly relay: WebhookRelay,
    private readonly facts: EmailFactsRepository,
    private readonly invoices: InvoicesService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.relay.onFanOut((tx, events) => Promise.resolve(this.jobsFor(tx, events)));
  }

  /** One email job per subscription event a client is told about. */
  jobsFor(_tx: Tx, events: UnpublishedEvent[]): FanOutJob[] {
    return events
      .filter((e) => e.client_id && EMAILS[e.type])
      .filter((e) => !(e.type === 'subscription_invoice.issued' && e.payload.status !== 'open')) // paid at once (a checkout): the receipt says it
      .map((e) => {
        const keep = EMAILS[e.type].keep;
        const payload = Object.fromEntries(keep.filter((k) => k in e.payload).map((k) => [k, e.payload[k]]));
        const data: Job = { eventId: e.id, type: e.type, clientId: e.client_id!, payload };
        return { queue: QUEUES.email, name: 'email.subscription-event', data, opts: { jobId: `email.subscription-event:${e.id}` } };
      });
  }

  async send(job: Job): Promise<void> {
    const spec = EMAILS[job.type];
    if (!spec) return this.logger.warn({ eventId: job.eventId, type: job.type }, 'Subscription email skipped: not an emailed event');
    const prefs = await this.facts.preferences(job.clientId);
    if (prefs && !prefs[spec.preference]) return;
    const [owner, client] = await Promise.all([this.facts.owner(job.clientId), this.facts.client(job.clientId)]);
    if (!owner || !client) return this.logger.warn({ eventId: job.eventId }, 'Subscription email skipped: no such client or owner');
    const content = await this.contentFor(job, owner.firstName, client.businessName ?? 'your business');
    if (!content) return;
    await this.mail.send(owner.email, content, { clientId: job.clientId, kind: spec.kind });
  }

  private async contentFor(job: Job, firstName: string, businessName: string): Promise<EmailContent | null> {
    const planUrl = `${this.config.appUrl}/plan`;
    const inv = await this.invoice(job);
    if (!inv) return null;
    const still = (ok: boolean, why: string) => {
      if (!ok) this.logger.log({ eventId: job.eventId, invoice: inv.number, status: inv.status }, `Subscription email skipped: ${why}`);
      return ok;
    };
    const facts: SubscriptionInvoiceFacts = {
      firstName,
      number: inv.number ?? '',
      period: `${this.day(inv.periodStart)} – ${this.day(inv.periodEnd)}`,
      netAmount: inv.netAmount,
      vatAmount: inv.vatAmount,
      grossAmount: inv.grossAmount,
      currency: inv.currency,
      planUrl,
    };
    const p = job.payload;
    switch (job.type) {
      case 'subscription_invoice.issued':
        if (!still(inv.status === 'open', 'the invoice is no longer open')) return null;
        return subscriptionInvoiceIssuedEmail({
          ...facts,
          dueOn: calendarDay(inv.dueOn),
          chargeOn: inv.nextAttemptAt ? this.day(inv.nextAttemptAt) : null,
        });
      case 'subscription_invoice.paid':
        return subscriptionInvoicePaidEmail({
          ...facts,
          paidOn: this.day(typeof p.paidAt === 'string' ? p.paidAt : (inv.paidAt ?? new Date().toISOString())),
          validUntil: this.day(inv.periodEnd),
        });
      case 'subscription.payment_failed':
        if (!still(inv.status === 'open', 'the invoice is paid or void since')) return null;
        return subscriptionPaymentFailedEmail({
          firstName,
          number: facts.number,
          grossAmount: inv.grossAmount,
          currency: inv.currency,
          reason: typeof p.reason === 'string' && p.reason ? p.reason : 'the payment failed',
          nextAttempt: typeof p.nextAttemptAt === 'string' ? this.day(p.nextAttemptAt) : null,
          graceEnds: this.day(String(p.graceEndsAt)),
          planUrl,
        });
      case 'subscription.suspended':
        if (!still(inv.status === 'open', 'the invoice is paid or void since')) return null;
        return subscriptionSuspendedEmail({
          firstName,
          businessName,
          number: facts.number,
          grossAmount: inv.grossAmount,
          currency: inv.currency,
          planUrl,
        });
      case 'subscription.reactivated':
        return subscriptionReactivatedEmail({ firstName, businessName, planUrl });
      default:
        return null;
    }
  }

  /** The event's invoice as it is now; null (logged) when it is gone. */
  private async invoice(job: Job) {
    const id = job.payload.invoiceId;
    if (typeof id !== 'string') {
      this.logger.warn({ eventId: job.eventId }, 'Subscription email skipped: the event names no invoice');
      return null;
    }
    try {
      return await this.invoices.get(id, job.clientId);
    } catch (err) {
      if (!(err instanceof NotFoundException)) throw err;
      this.logger.warn({ eventId: job.eventId, invoiceId: id }, 'Subscription email skipped: no such invoice');
      return null;
    }
  }

  /** "4 Dec 2026" for a moment, in the billing time zone. */
  private day(at: string): string {
    return calendarDay(isoDay(new Date(at), this.config.billing.timeZone));
  }
}
