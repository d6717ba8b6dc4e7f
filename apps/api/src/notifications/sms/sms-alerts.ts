import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LeadPreferencesRepository } from '../../accounts';
import { AppConfig } from '../../core/config/app-config';
import { Transactions, type Tx } from '../../core/database/transactions';
import { JobQueue } from '../../core/queue/job-queue';
import { QUEUES, type SmsJobs } from '../../core/queue/queues';
import type { UnpublishedEvent } from '../../outbox';
import { WebhookRelay, type FanOutJob } from '../../webhooks';
import { EmailFactsRepository } from '../email-facts.repository';
import type { SmsKind, SmsMessage, SmsStatus } from './entities/sms-message.entity';
import type { SmsNumber } from './entities/sms-number.entity';
import { hourIn, inQuietHours } from './quiet-hours';
import { SmsMessageRepository } from './sms-message.repository';
import { SmsNumberRepository, type AlertSwitch } from './sms-number.repository';
import { SmsSender } from './sms-sender';
import { lowBalanceText, newLeadText, paymentFailedText, summaryText } from './sms-texts';

const gbp = (minor: number): string => `£${(minor / 100).toFixed(2)}`;

/** The events that may text a client's numbers, what they keep of the payload, and which switch they need. */
const ALERT_EVENTS: Record<string, { kind: (payload: Record<string, unknown>) => SmsKind; switch: AlertSwitch; keep: string[] }> = {
  'lead.send_data': { kind: () => 'new_lead', switch: 'newLeads', keep: ['deliveryId'] },
  'credits.low': { kind: () => 'low_balance', switch: 'lowBalance', keep: ['balance'] },
  'credits.zero': { kind: () => 'out_of_credit', switch: 'lowBalance', keep: ['balance'] },
  'auto_charge.failed': { kind: () => 'payment_failed', switch: 'paymentFailed', keep: ['reason', 'amount'] },
};

/**
 * Text alerts. The outbox relay asks, for each batch of events it publishes, which clients have a
 * number that may want them and queues one `sms.alerts` job per such event (in its all-or-nothing
 * way: while Redis is down, the events wait in PostgreSQL). The job writes one message per number,
 * its cause `event:<event id>:<number id>` so a retried job texts nobody twice, then sends them.
 *
 * New-lead texts obey each number's quiet hours (dropped, not held: a lead from 2 a.m. is in the app
 * and the email by morning) and its rate limit: SMS_ALERTS_PER_WINDOW texts a window; the rest
 * are kept as `suppressed` and counted in one summary text when the window ends.
 */
@Injectable()
export class SmsAlerts implements OnModuleInit {
  private readonly logger = new Logger(SmsAlerts.name);

  constructor(
    private readonly relay: WebhookRelay,
    private readonly numbers: SmsNumberRepository,
    private readonly messages: SmsMessageRepository,
    private readonly sender: SmsSender,
    private readonly facts: EmailFactsRepository,
    private readonly leadPrefs: LeadPreferencesRepository,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.relay.onFanOut((tx, events) => this.jobsFor(tx, events));
  }

  /** One job per event that some number of its client may want. */
  async jobsFor(tx: Tx, events: UnpublishedEvent[]): Promise<FanOutJob[]> {
    const relevant = events.filter((e) => e.client_id && ALERT_EVENTS[e.type]);
    if (!relevant.length || !this.config.twilio) return [];
    const wanted = await this.numbers.clientsWithAlerts(tx, [...new Set(relevant.map((e) => e.client_id!))]);
    return relevant
      .filter((e) => wanted.has(e.client_id!))
      .map((e) => {
        const spec = ALERT_EVENTS[e.type];
        const payload = Object.fromEntries(spec.keep.filter((k) => k in e.payload).map((k) => [k, e.payload[k]]));
        const data: SmsJobs['sms.alerts'] = { eventId: e.id, type: e.type, clientId: e.client_id!, payload };
        return { queue: QUEUES.sms, name: 'sms.alerts', data, opts: { jobId: `sms.alerts:${e.id}` } };
      });
  }

  async alert(job: SmsJobs['sms.alerts']): Promise<void> {
    const spec = ALERT_EVENTS[job.type];
    if (!spec) return;
    const kind = spec.kind(job.payload);
    const body = await this.textFor(kind, job);
    if (!body) return;
    const numbers = await this.transactions.run((tx) => this.numbers.alertable(tx, job.clientId, spec.switch));
    if (!numbers.length) return;
    const timeZone = (await this.leadPrefs.byClient(job.clientId))?.timeZone ?? 'Europe/London';
    for (const number of numbers) {
      const message = await this.place(number, { kind, body, cause: `event:${job.eventId}:${number.id}`, timeZone });
      if (message?.status === 'pending') await this.sender.send(message);
    }
  }

  /** At the end of a rate-limit window: one text counting what was held back in it. */
  async summary(job: SmsJobs['sms.summary']): Promise<void> {
    const number = await this.numbers.byId(job.numberId);
    if (!number?.verifiedAt || number.optedOutAt || !number.newLeads) return;
    const since = new Date(job.windowStart);
    const count = await this.messages.countSuppressed(number.id, since, new Date(since.getTime() + this.config.sms.windowSeconds * 1000));
    if (!count) return;
    const cause = `summary:${number.id}:${since.getTime()}`;
    const message =
      (await this.transactions.run((tx) =>
        this.messages.insertIfNew(tx, {
          clientId: number.clientId,
          numberId: number.id,
          toPhone: number.phone,
          kind: 'summary',
          cause,
          body: summaryText(count, this.config.appUrl),
          status: 'pending',
        }),
      )) ?? (await this.messages.byCause(cause));
    if (message) await this.sender.send(message);
  }

  /**
   * The number's message for this cause, decided under the number's lock: skipped in quiet hours,
   * suppressed past the rate limit (with the window's summary queued), else pending. An existing
   * message of the cause is returned as it is (a retried job sends a still-pending one, nothing else).
   */
  private async place(number: SmsNumber, m: { kind: SmsKind; body: string; cause: string; timeZone: string }): Promise<SmsMessage | null> {
    const existing = await this.messages.byCause(m.cause);
    if (existing) return existing;
    const now = new Date();
    let summaryAt: Date | null = null;
    const message = await this.transactions.run(async (tx) => {
      const locked = await this.numbers.locked(tx, number.id);
      if (!locked) return null;
      let status: SmsStatus = 'pending';
      let errorMessage: string | null = null;
      if (m.kind === 'new_lead') {
        if (inQuietHours(locked.quietStart, locked.quietEnd, hourIn(m.timeZone, now))) {
          status = 'skipped';
          errorMessage = 'quiet hours';
        } else {
          const windowMs = this.config.sms.windowSeconds * 1000;
          const fresh = !locked.windowStart || now.getTime() - locked.windowStart.getTime() >= windowMs;
          const windowStart = fresh ? now : locked.windowStart!;
          const sent = fresh ? 0 : locked.windowSent;
          if (sent < this.config.sms.alertsPerWindow) {
            await this.numbers.update(tx, number.id, { windowStart, windowSent: sent + 1 });
          } else {
            status = 'suppressed';
            errorMessage = 'rate limit: counted in the summary text';
            summaryAt = windowStart;
          }
        }
      }
      return this.messages.insertIfNew(tx, {
        clientId: number.clientId,
        numberId: number.id,
        toPhone: number.phone,
        kind: m.kind,
        cause: m.cause,
        body: m.body,
        status,
        errorMessage,
        createdAt: now,
      });
    });
    if (summaryAt) await this.queueSummary(number.id, summaryAt);
    return message ?? (await this.messages.byCause(m.cause));
  }

  private async queueSummary(numberId: string, windowStart: Date): Promise<void> {
    const endsIn = windowStart.getTime() + this.config.sms.windowSeconds * 1000 - Date.now();
    await this.jobs.add(
      QUEUES.sms,
      'sms.summary',
      { numberId, windowStart: windowStart.toISOString() },
      { jobId: `sms.summary:${numberId}:${windowStart.getTime()}`, delay: Math.max(0, endsIn) + 250 },
    );
  }

  private async textFor(kind: SmsKind, job: SmsJobs['sms.alerts']): Promise<string | null> {
    const billingUrl = `${this.config.appUrl}/billing`;
    switch (kind) {
      case 'new_lead': {
        const delivery = await this.facts.delivery(String(job.payload.deliveryId));
        if (!delivery) {
          this.logger.warn({ eventId: job.eventId }, 'New-lead text skipped: no such delivery');
          return null;
        }
        const lead = await this.facts.lead(delivery.leadId);
        const industry = await this.facts.industry(lead.industryId);
        const contact = lead.contact as Record<string, string | undefined>;
        return newLeadText({
          name: [contact.firstname, contact.lastname].filter(Boolean).join(' '),
          postcode: lead.postcode ?? '',
          industry: industry.name,
          url: `${this.config.appUrl}/leads/${lead.id}`,
        });
      }
      case 'low_balance':
      case 'out_of_credit':
        return lowBalanceText(gbp(Number(job.payload.balance ?? 0)), kind === 'out_of_credit', billingUrl);
      case 'payment_failed':
        return paymentFailedText(
          job.payload.amount === undefined ? null : gbp(Number(job.payload.amount)),
          String(job.payload.reason ?? 'declined'),
          billingUrl,
        );
      default:
        return null;
    }
  }
}
