import { Transactions } from '../core/database/transactions';
import { Inject, Injectable, Logger, NotFoundException, ConflictException } from '@nestjs/common';
import Stripe from 'stripe';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { NotificationsQueue } from '../core/queue/email-queue';
import { OutboxService } from '../outbox';
import type { Payment } from './entities/payment.entity';
import { LedgerRepository } from './ledger.repository';
import { PaymentRepository } from './payment.repository';
import { PaymentsService, toPaymentDto } from './payments.service';
import type { PaymentDto } from './dto/billing.dto';
import { isStripeNotFound, STRIPE } from './stripe.provider';
import { splitVat } from './vat';

export interface Period {
  start: string; // YYYY-MM-DD, a Monday, inclusive
  end: string; // YYYY-MM-DD, the Sunday, inclusive
}

/** The Monday-to-Sunday week before the one containing `now`, in the billing time zone. */
export function previousWeek(now: Date, timeZone: string): Period {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const today = new Date(`${local}T00:00:00Z`);
  const weekday = (today.getUTCDay() + 6) % 7; // Monday = 0
  const thisMonday = new Date(today.getTime() - weekday * 86_400_000);
  const start = new Date(thisMonday.getTime() - 7 * 86_400_000);
  const end = new Date(thisMonday.getTime() - 86_400_000);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { start: iso(start), end: iso(end) };
}

interface Line {
  description: string;
  quantity: number;
  unitAmount: number;
}

/**
 * Weekly payment requests for clients on weekly terms: one Stripe invoice per client and week
 * (a unique payment per client and period), items per industry, finalized and sent with a hosted
 * page; `invoice.paid` credits the ledger. Running it twice for a week changes nothing.
 */
@Injectable()
export class WeeklyInvoicesService {
  private readonly logger = new Logger(WeeklyInvoicesService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly rows: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly clients: ClientRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly config: AppConfig,
    private readonly payments: PaymentsService,
    private readonly notifications: NotificationsQueue,
    private readonly outbox: OutboxService,
  ) {}

  async run(now: Date = new Date()): Promise<{ period: Period; invoiced: string[] }> {
    const period = previousWeek(now, this.config.billing.timeZone);
    const accounts = await this.ledger.accountsOnWeeklyTerms();
    const invoiced: string[] = [];
    for (const account of accounts) {
      try {
        const payment = await this.invoiceClient(account.clientId, period);
        if (payment) invoiced.push(payment.id);
      } catch (err) {
        this.logger.error({ err, clientId: account.clientId, period }, 'Weekly invoice failed; the next run retries it');
      }
    }
    return { period, invoiced };
  }

  /** What a client owes for the period: its lead and text-alert charges less refunds, per industry and price. */
  async owed(clientId: string, period: Period): Promise<Line[]> {
    const rows = await this.ledger.chargesByPrice(clientId, period, this.config.billing.timeZone);
    return rows.map((r) => ({
      description: lineDescription(r),
      quantity: Number(r.n),
      unitAmount: r.kind === 'refund' ? -Number(r.unit) : Number(r.unit),
    }));
  }

  async invoiceClient(clientId: string, period: Period): Promise<Payment | null> {
    const lines = await this.owed(clientId, period);
    const net = lines.reduce((sum, l) => sum + l.quantity * l.unitAmount, 0);
    const existing = await this.rows.one({ clientId, kind: 'weekly_request', periodStart: period.start });
    if (!existing && net <= 0) return null;
    const client = await this.clients.byId(clientId);
    if (!client?.stripeCustomerId) throw new Error('The client has no Stripe customer yet');
    const payment =
      existing ??
      (await this.payments.createPayment(clientId, 'weekly_request', net, `weekly:${clientId}:${period.start}`, {
        periodStart: period.start,
        periodEnd: period.end,
        // Lead costs are net; VAT always goes on top of an invoice.
        ...splitVat(net, this.config.billing.vatRateBps, 'added'),
      }));
    if (payment.status !== 'pending' || payment.hostedInvoiceUrl) return payment; // already issued
    return this.issue(payment, client.stripeCustomerId, lines);
  }

  /** Each Stripe call carries a key derived from the payment, so a crash mid-way resumes without duplicates. */
  private async issue(payment: Payment, customer: string, lines: Line[]): Promise<Payment> {
    const key = `weekly-invoice:${payment.id}`;
    const invoice = await this.stripe.invoices.create(
      {
        customer,
        collection_method: 'send_invoice',
        days_until_due: this.config.billing.weeklyInvoiceDueDays,
        auto_advance: false,
        currency: payment.currency.toLowerCase(),
        description: `LeadFlow leads ${payment.periodStart} to ${payment.periodEnd}`,
        metadata: {
          paymentId: payment.id,
          clientId: payment.clientId,
          periodStart: payment.periodStart ?? '',
          periodEnd: payment.periodEnd ?? '',
        },
      },
      { idempotencyKey: key },
    );
    await this.rows.update(payment.id, { stripeInvoiceId: invoice.id });
    const items = [
      ...lines.map((l) => ({ description: `${l.description} × ${l.quantity}`, amount: l.quantity * l.unitAmount })),
      { description: `VAT ${payment.vatRateBps / 100}%`, amount: payment.vatAmount },
    ];
    for (const [i, item] of items.entries()) {
      if (item.amount === 0) continue;
      await this.stripe.invoiceItems.create(
        {
          customer,
          invoice: invoice.id,
          currency: payment.currency.toLowerCase(),
          amount: item.amount,
          description: item.description,
          metadata: { paymentId: payment.id },
        },
        { idempotencyKey: `${key}:item:${i}` },
      );
    }
    const current = await this.stripe.invoices.retrieve(invoice.id);
    const finalized =
      current.status === 'draft'
        ? await this.stripe.invoices.finalizeInvoice(invoice.id, {}, { idempotencyKey: `${key}:finalize` })
        : current;
    await this.stripe.invoices.sendInvoice(invoice.id, {}, { idempotencyKey: `${key}:send` });
    await this.tx.run(async (tx) => {
      await this.rows.update(payment.id, { hostedInvoiceUrl: finalized.hosted_invoice_url ?? null }, tx);
      await this.outbox.record(tx, {
        type: 'invoice.issued',
        aggregateType: 'payment',
        aggregateId: payment.id,
        clientId: payment.clientId,
        payload: {
          paymentId: payment.id,
          periodStart: payment.periodStart,
          periodEnd: payment.periodEnd,
          netAmount: payment.netAmount,
          vatAmount: payment.vatAmount,
          grossAmount: payment.grossAmount,
          hostedInvoiceUrl: finalized.hosted_invoice_url,
          dueDate: finalized.due_date,
        },
      });
    });
    await this.notifications.add('email.invoice-issued', { paymentId: payment.id }, `email.invoice-issued:${payment.id}`);
    return this.rows.get(payment.id);
  }

  /**
   * invoice.paid / invoice.payment_failed / invoice.voided → our payment. The event (or the
   * reconciliation) only names the invoice: the payment is the one that stored its id, and the
   * invoice is read again from Stripe under the payment's lock and must agree with it (total,
   * currency, customer, metadata). Anything else — an invoice we never issued, one Stripe does not
   * know, one that disagrees — is logged and ignored. `attemptFailed`: Stripe reported a failed
   * payment attempt (the invoice itself stays open).
   */
  async refreshInvoice(invoiceId: string, attemptFailed = false): Promise<void> {
    const payment = await this.rows.one({ stripeInvoiceId: invoiceId });
    if (!payment) return this.logger.warn({ invoice: invoiceId }, 'Invoice for no payment of ours; ignored');
    const client = await this.clients.byId(payment.clientId);
    await this.payments.transition(payment.id, async () => {
      let invoice: Stripe.Invoice;
      try {
        invoice = await this.stripe.invoices.retrieve(invoiceId);
      } catch (err) {
        if (!isStripeNotFound(err)) throw err;
        this.logger.warn({ invoice: invoiceId, paymentId: payment.id }, 'Stripe does not know this invoice; ignored');
        return null;
      }
      const problem = invoiceMismatch(payment, invoice, client?.stripeCustomerId ?? null);
      if (problem) {
        this.logger.error(
          { invoice: invoiceId, paymentId: payment.id, problem },
          'Invoice does not match the payment that stored it; ignored',
        );
        return null;
      }
      if (invoice.status === 'paid') return { status: 'succeeded' };
      if (invoice.status === 'void') return { status: 'canceled' };
      if (attemptFailed && invoice.status === 'open') return { status: 'failed', failureReason: 'Payment of the invoice failed' };
      return null;
    });
  }

  /** Sends the invoice email again (Stripe's and ours). */
  async resend(clientId: string | null, paymentId: string): Promise<PaymentDto> {
    const payment = await this.rows.one(
      clientId ? { id: paymentId, clientId, kind: 'weekly_request' } : { id: paymentId, kind: 'weekly_request' },
    );
    if (!payment) throw new NotFoundException('No invoice with that id');
    if (!payment.stripeInvoiceId || payment.status !== 'pending')
      throw new ConflictException('Only an issued, unpaid invoice can be sent again');
    await this.stripe.invoices.sendInvoice(payment.stripeInvoiceId);
    await this.notifications.add('email.invoice-issued', { paymentId }, `email.invoice-issued:${paymentId}:${Date.now()}`);
    return toPaymentDto(payment);
  }
}

/** Why a Stripe invoice cannot settle this weekly payment, or null if it is the payment's own. */
/** An invoice line's words: leads per industry, text alerts per price (a text of two segments costs twice), and their refunds. */
export function lineDescription(r: { kind: string; industry: string | null; usage: string | null }): string {
  if (r.usage === 'sms') return r.kind === 'refund' ? 'Refunded SMS alerts (not delivered)' : 'SMS alerts';
  if (r.kind === 'refund') return `Refunded leads${r.industry ? ` (${r.industry})` : ''}`;
  return `${r.industry ?? 'Leads'} leads`;
}

export function invoiceMismatch(payment: Payment, invoice: Stripe.Invoice, customer: string | null): string | null {
  const invoiceCustomer = typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null);
  if (payment.kind !== 'weekly_request') return 'the payment is not a weekly invoice';
  if (invoice.total !== payment.grossAmount) return `total ${invoice.total} is not ${payment.grossAmount}`;
  if (invoice.currency?.toLowerCase() !== payment.currency.toLowerCase()) return `currency ${invoice.currency} is not ${payment.currency}`;
  if (!customer || invoiceCustomer !== customer) return `customer ${invoiceCustomer ?? 'none'} is not the client's`;
  if (invoice.metadata?.paymentId !== payment.id || invoice.metadata?.clientId !== payment.clientId)
    return 'metadata names another payment or client';
  return null;
}
