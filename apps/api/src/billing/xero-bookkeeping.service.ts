import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { BillingJobs, QUEUES } from '../core/queue/queues';
import { XeroNotConnectedError, XeroRateLimitedError, XeroService } from '../xero';
import { LedgerRepository } from './ledger.repository';
import { PaymentRepository } from './payment.repository';
import { paymentDescription } from './receipts';

class RetryLater extends Error {}
class WaitForXero extends Error {}

/**
 * Mirrors money in Xero (worker only): each succeeded payment → one ACCREC invoice, each refund →
 * one credit note (the jobs `xero.invoice` and `xero.credit-note` of the billing queue). The Xero id is stored; Xero's Idempotency-Key (from our id) makes a retried
 * job find the first invoice instead of making a second. While Xero is not connected, jobs wait.
 */
@Injectable()
export class XeroBookkeeping {
  private readonly logger = new Logger(XeroBookkeeping.name);

  constructor(
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly clients: ClientRepository,
    private readonly xero: XeroService,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.billing) private readonly queue: Queue,
  ) {}

  invoice(job: Job<BillingJobs['xero.invoice']>): Promise<string> {
    return this.honourRateLimit(job, 'xero.invoice', () => this.createInvoice(job));
  }

  creditNote(job: Job<BillingJobs['xero.credit-note']>): Promise<string> {
    return this.honourRateLimit(job, 'xero.credit-note', () => this.createCreditNote(job));
  }

  /** On Xero's 429 the job is queued again after Retry-After, instead of burning an attempt on back-off. */
  private async honourRateLimit<N extends 'xero.invoice' | 'xero.credit-note'>(
    job: Job<BillingJobs[N]>,
    name: N,
    work: () => Promise<string>,
  ): Promise<string> {
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

  private async createInvoice(job: Job<BillingJobs['xero.invoice']>): Promise<string> {
    const payment = await this.payments.get(job.data.paymentId);
    if (payment.xeroInvoiceId) return payment.xeroInvoiceId;
    if (payment.status !== 'succeeded') return 'not succeeded';
    const contactId = await this.contactFor(payment.clientId);
    const { xeroSalesAccountCode: accountCode, xeroTaxType: taxType } = this.config.billing;
    const what = paymentDescription(payment);
    const invoice = await this.guard(() =>
      this.xero.createInvoice({
        contactId,
        reference: payment.id,
        date: (payment.settledAt ?? payment.createdAt).toISOString().slice(0, 10),
        currency: payment.currency,
        lines: [{ description: what, quantity: 1, unitAmount: payment.netAmount / 100, accountCode, taxType }],
      }),
    );
    await this.payments.linkXeroInvoice(payment.id, invoice);
    return invoice.invoiceId;
  }

  private async createCreditNote(job: Job<BillingJobs['xero.credit-note']>): Promise<string> {
    const entry = await this.ledger.entry(job.data.ledgerEntryId);
    const meta = (entry.meta ?? {}) as { xeroCreditNoteId?: string };
    if (meta.xeroCreditNoteId) return meta.xeroCreditNoteId;
    const contactId = await this.contactFor(entry.clientId);
    const id = await this.guard(() =>
      this.xero.createCreditNote({
        contactId,
        reference: entry.id,
        date: entry.createdAt.toISOString().slice(0, 10),
        currency: entry.currency,
        lines: [
          {
            description: entry.description ?? 'Refund of lead credit',
            quantity: 1,
            unitAmount: Math.abs(entry.amount) / 100,
            accountCode: this.config.billing.xeroSalesAccountCode,
            taxType: this.config.billing.xeroTaxType,
          },
        ],
      }),
    );
    await this.ledger.linkXeroCreditNote(entry.id, id);
    return id;
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

  /** Not connected waits for the connection; rate limits wait for Retry-After; the rest is Bull's back-off. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // Not connected: nothing to retry until an admin connects; XeroCatchUp queues it again then.
      if (err instanceof XeroNotConnectedError) throw new WaitForXero();
      this.logger.warn({ err }, 'Xero call failed');
      throw err;
    }
  }
}
