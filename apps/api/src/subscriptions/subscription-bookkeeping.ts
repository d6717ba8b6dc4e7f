import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { isoDay } from '../billing';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import type { Tx } from '../core/database/transactions';
import { JobQueue } from '../core/queue/job-queue';
import { PollingLoop } from '../core/queue/polling-loop';
import { QUEUES, type SubscriptionJobs } from '../core/queue/queues';
import type { UnpublishedEvent } from '../outbox';
import { WebhookRelay, type FanOutJob } from '../webhooks';
import { XeroNotConnectedError, XeroRateLimitedError, XeroService, type XeroLine } from '../xero';
import type { InvoiceLine, SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { InvoiceRepository } from './invoice.repository';

type XeroJobName = 'xero.subscription-invoice' | 'xero.subscription-payment' | 'xero.subscription-credit-note';

/** The event that makes each Xero document of an invoice. All three carry the invoice's id. */
const JOB_OF_EVENT: Record<string, XeroJobName> = {
  'subscription_invoice.issued': 'xero.subscription-invoice',
  'subscription_invoice.paid': 'xero.subscription-payment',
  'subscription_invoice.voided': 'xero.subscription-credit-note',
};

const SWEEP_BATCH = 100;

/**
 * Our lines as Xero lines: quantity and net unit amount in pounds. A line whose net is not quantity
 * × unit (a prorated seat price, rounded per seat) goes as one unit of its net, so Xero's totals are
 * ours to the penny and the payment of our gross settles the Xero invoice exactly.
 */
export function xeroLinesOf(lines: InvoiceLine[], accountCode: string, taxType: string): XeroLine[] {
  return lines.map((l) =>
    l.quantity * l.unitNet === l.net
      ? { description: l.description, quantity: l.quantity, unitAmount: l.unitNet / 100, accountCode, taxType }
      : { description: l.description, quantity: 1, unitAmount: l.net / 100, accountCode, taxType },
  );
}

class WaitForXero extends Error {}
class RetryLater extends Error {}

function jobOptions(config: AppConfig, jobId: string): { jobId: string; attempts: number; backoff: { type: string; delay: number } } {
  return { jobId, attempts: config.integrations.attempts, backoff: { type: 'exponential', delay: config.integrations.retryBaseMs } };
}

/**
 * Mirrors our subscription invoices in Xero (worker only): each numbered invoice → one AUTHORISED
 * ACCREC invoice carrying our number (as Xero's InvoiceNumber and as its Reference, by which a
 * re-run finds it); its payment → one Xero payment into XERO_BANK_ACCOUNT_CODE; a void → one
 * ACCRECCREDIT credit note (our LF-CN number) allocated to that invoice. Every handler re-reads our
 * rows, stores the Xero id last, and asks Xero what it already holds before creating (plus Xero's
 * Idempotency-Key), so a job run twice, or again after a crash, makes no second document. A payment
 * or credit note whose Xero invoice is missing makes it first (the jobs of one invoice may run in
 * any order). Not connected: the job ends and the catch-up or the sweep queues it again; 429: queued
 * again after Retry-After.
 */
@Injectable()
export class SubscriptionBookkeeping {
  private readonly logger = new Logger(SubscriptionBookkeeping.name);

  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly clients: ClientRepository,
    private readonly xero: XeroService,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.subscriptions) private readonly queue: Queue,
  ) {}

  invoice(job: Job<SubscriptionJobs['xero.subscription-invoice']>): Promise<string> {
    return this.honourLimits(job, 'xero.subscription-invoice', async () => {
      const inv = await this.invoiceOf(job.data.invoiceId);
      if (!inv.number) return 'a draft: not issued';
      return this.xeroInvoiceOf(inv);
    });
  }

  payment(job: Job<SubscriptionJobs['xero.subscription-payment']>): Promise<string> {
    return this.honourLimits(job, 'xero.subscription-payment', async () => {
      const inv = await this.invoiceOf(job.data.invoiceId);
      if (inv.xeroPaymentId) return inv.xeroPaymentId;
      if (inv.status !== 'paid' || !inv.number || !inv.paidAt) return `not paid (${inv.status})`;
      const xeroInvoiceId = await this.xeroInvoiceOf(inv);
      const paymentId = await this.guard(() =>
        this.xero.createPayment({
          invoiceId: xeroInvoiceId,
          amount: inv.grossAmount / 100,
          date: isoDay(inv.paidAt!, this.config.billing.timeZone),
          accountCode: this.config.billing.xeroBankAccountCode,
          reference: inv.number!,
        }),
      );
      await this.invoices.linkXeroPayment(inv.id, paymentId);
      return paymentId;
    });
  }

  creditNote(job: Job<SubscriptionJobs['xero.subscription-credit-note']>): Promise<string> {
    return this.honourLimits(job, 'xero.subscription-credit-note', async () => {
      const inv = await this.invoiceOf(job.data.invoiceId);
      const note = await this.invoices.creditNoteOf(inv.id);
      if (!note) return 'no credit note: not void';
      if (note.xeroCreditNoteId) return note.xeroCreditNoteId;
      const xeroInvoiceId = await this.xeroInvoiceOf(inv);
      const contactId = await this.contactFor(note.clientId);
      const creditNoteId = await this.guard(() =>
        this.xero.createCreditNote({
          contactId,
          reference: note.number,
          creditNoteNumber: note.number,
          date: note.issuedOn,
          currency: note.currency,
          lines: this.linesOf(note.lines),
        }),
      );
      // The id is stored only once the note is allocated: a crash in between leaves it for the sweep,
      // and the re-run finds the note by its reference and the allocation on it.
      await this.guard(() =>
        this.xero.allocateCreditNote({ creditNoteId, invoiceId: xeroInvoiceId, amount: note.grossAmount / 100, date: note.issuedOn }),
      );
      await this.invoices.linkXeroCreditNote(note.id, creditNoteId);
      return creditNoteId;
    });
  }

  /** The invoice's Xero invoice: the stored id, else found by reference or created, then stored. */
  private async xeroInvoiceOf(inv: SubscriptionInvoice): Promise<string> {
    if (inv.xeroInvoiceId) return inv.xeroInvoiceId;
    if (!inv.number) throw new Error(`Invoice ${inv.id} is a draft: it has no Xero invoice`);
    const contactId = await this.contactFor(inv.clientId);
    const created = await this.guard(() =>
      this.xero.createInvoice({
        contactId,
        reference: inv.number!,
        invoiceNumber: inv.number!,
        date: inv.issuedOn,
        dueDate: inv.dueOn,
        currency: inv.currency,
        lines: this.linesOf(inv.lines),
      }),
    );
    await this.invoices.linkXeroInvoice(inv.id, created.invoiceId);
    return created.invoiceId;
  }

  private linesOf(lines: InvoiceLine[]): XeroLine[] {
    return xeroLinesOf(lines, this.config.billing.xeroSubscriptionAccountCode, this.config.billing.xeroTaxType);
  }

  private async invoiceOf(id: string): Promise<SubscriptionInvoice> {
    const inv = await this.invoices.byId(id);
    if (!inv) throw new Error(`No subscription invoice ${id}`);
    return inv;
  }

  /** The client's own Xero contact: the stored id, else the contact whose ContactNumber is the client id (never one found by name). */
  private async contactFor(clientId: string): Promise<string> {
    const client = await this.clients.byId(clientId);
    if (!client) throw new Error(`No client ${clientId}`);
    if (client.xeroContactId) return client.xeroContactId;
    const found = await this.guard(() => this.xero.findContactByNumber(clientId));
    if (!found) throw new RetryLater('The client has no Xero contact yet; retrying');
    await this.clients.link(clientId, 'xeroContactId', found.contactId);
    return found.contactId;
  }

  /** On Xero's 429 the job is queued again after Retry-After instead of burning an attempt; not connected ends it (catch-up re-queues). */
  private async honourLimits<N extends XeroJobName>(job: Job<SubscriptionJobs[N]>, name: N, work: () => Promise<string>): Promise<string> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof WaitForXero) return 'waiting for Xero to be connected';
      if (!(err instanceof XeroRateLimitedError)) throw err;
      await this.queue.add(name, job.data, {
        jobId: `${String(job.id)}:after-429:${Date.now()}`,
        delay: err.retryAfterMs,
        attempts: job.opts.attempts,
        backoff: job.opts.backoff,
      });
      return `rate limited; retrying in ${Math.ceil(err.retryAfterMs / 1000)} s`;
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof XeroNotConnectedError) throw new WaitForXero();
      if (!(err instanceof XeroRateLimitedError)) this.logger.warn({ err }, 'Xero call failed');
      throw err;
    }
  }
}

/**
 * Queues the Xero jobs (worker only): one per `subscription_invoice.issued` / `.paid` / `.voided`
 * event the outbox relay publishes while Xero is connected (job id from the invoice's id), and, every
 * BILLING_SWEEP_INTERVAL_MS, each document older than BILLING_SWEEP_GRACE_MS still without its Xero
 * twin (events published while Xero was not connected, a job Bull gave up on, a crash in between).
 */
@Injectable()
export class SubscriptionXeroSweep extends PollingLoop implements OnModuleInit {
  constructor(
    private readonly relay: WebhookRelay,
    private readonly invoices: InvoiceRepository,
    private readonly xero: XeroService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.onFanOut((tx, events) => this.jobsFor(tx, events));
  }

  async jobsFor(_tx: Tx, events: UnpublishedEvent[]): Promise<FanOutJob[]> {
    const relevant = events.filter((e) => JOB_OF_EVENT[e.type] && typeof e.payload.invoiceId === 'string');
    if (!relevant.length || !(await this.xero.isConnected())) return [];
    return relevant.map((e) => {
      const name = JOB_OF_EVENT[e.type];
      const invoiceId = String(e.payload.invoiceId);
      return { queue: QUEUES.subscriptions, name, data: { invoiceId }, opts: jobOptions(this.config, `${name}:${invoiceId}`) };
    });
  }

  protected intervalMs(): number {
    return this.config.billing.sweepIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    await this.sweep(this.config.billing.sweepGraceMs);
    return false;
  }

  /** Queues every document older than `graceMs` left without its Xero twin; answers how many of each. */
  async sweep(graceMs: number): Promise<{ invoices: number; payments: number; creditNotes: number }> {
    if (!(await this.xero.isConnected())) return { invoices: 0, payments: 0, creditNotes: 0 };
    const found = await this.invoices.withoutXeroTwin(graceMs, SWEEP_BATCH);
    // One job id per document per grace period: sweeps never pile up jobs for the same document.
    const round = Math.floor(Date.now() / Math.max(1, this.config.billing.sweepGraceMs));
    const queue = async (name: XeroJobName, ids: string[]): Promise<void> => {
      for (const invoiceId of ids)
        await this.jobs.add(QUEUES.subscriptions, name, { invoiceId }, jobOptions(this.config, `${name}:${invoiceId}:sweep:${round}`));
    };
    await queue('xero.subscription-invoice', found.invoices);
    await queue('xero.subscription-payment', found.payments);
    await queue('xero.subscription-credit-note', found.creditNotes);
    const counts = { invoices: found.invoices.length, payments: found.payments.length, creditNotes: found.creditNotes.length };
    if (counts.invoices + counts.payments + counts.creditNotes > 0)
      this.logger.warn(counts, 'Subscription documents without their Xero twin were queued');
    return counts;
  }
}

/** When Xero gets connected (in the process that completes the OAuth callback), queue every document that waited for it. */
@Injectable()
export class SubscriptionXeroCatchUp implements OnModuleInit {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly xero: XeroService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.xero.onConnected(async () => {
      await this.run();
    });
  }

  async run(): Promise<number> {
    const found = await this.invoices.withoutXeroTwin(0, 10_000);
    const stamp = Date.now();
    const all: Array<[XeroJobName, string[]]> = [
      ['xero.subscription-invoice', found.invoices],
      ['xero.subscription-payment', found.payments],
      ['xero.subscription-credit-note', found.creditNotes],
    ];
    for (const [name, ids] of all)
      for (const invoiceId of ids)
        await this.jobs.add(QUEUES.subscriptions, name, { invoiceId }, jobOptions(this.config, `${name}:${invoiceId}:catch-up:${stamp}`));
    return found.invoices.length + found.payments.length + found.creditNotes.length;
  }
}
