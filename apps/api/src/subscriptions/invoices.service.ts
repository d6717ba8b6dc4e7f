import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ActivityService } from '../activity';
import { calendarDay, isoDay, renderVatDocumentPdf, splitVat, type VatDocument } from '../billing';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { Transactions, type Tx } from '../core/database/transactions';
import { OutboxService } from '../outbox';
import type { SubscriptionInvoiceDto, SubscriptionInvoicePageDto } from './dto/invoices.dto';
import type { Plan } from './entities/plan.entity';
import type {
  InvoiceChanges,
  InvoiceKind,
  InvoiceLine,
  SubscriptionCreditNote,
  SubscriptionInvoice,
} from './entities/subscription-invoice.entity';
import { addMonths, monthsOf } from './billing-periods';
import { InvoiceRepository } from './invoice.repository';
import { PlanRepository } from './plan.repository';
import { SubscriptionRepository } from './subscription.repository';

/** Days from issue an invoice is due, unless its period starts later. */
const DAYS_TO_PAY = 14;

export const invoiceNumber = (n: number) => `LF-${String(n).padStart(6, '0')}`;
export const creditNoteNumber = (n: number) => `LF-CN-${String(n).padStart(6, '0')}`;

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** An invoice to write: open (numbered now) or a draft (numbered when its card payment succeeds). */
export interface InvoiceInput {
  kind: InvoiceKind;
  status: 'open' | 'draft';
  periodStart: Date;
  periodEnd: Date;
  lines: InvoiceLine[];
  changes: InvoiceChanges | null;
  /** When the cycle first charges the card (open invoices); null for none. */
  nextAttemptAt: Date | null;
}

/**
 * Our invoices to clients for their platform subscription, and the credit notes that void them.
 * Lock order: the client's row, then its subscription, then the invoice, then the counter row (in
 * nextNumber) — every path takes them in this order.
 */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly tx: Transactions,
    private readonly invoices: InvoiceRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly plans: PlanRepository,
    private readonly clients: ClientRepository,
    private readonly activity: ActivityService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** One invoice line with VAT added at the configured rate. */
  line(description: string, quantity: number, unitNet: number, net = quantity * unitNet): InvoiceLine {
    const rateBps = this.config.billing.vatRateBps;
    const vat = splitVat(net, rateBps, 'added');
    return { description, quantity, unitNet, net: vat.netAmount, vatRateBps: rateBps, vat: vat.vatAmount, gross: vat.grossAmount };
  }

  /** "4 Dec 2026 – 4 Jan 2027" in the billing time zone. */
  span(from: Date, to: Date): string {
    const { timeZone } = this.config.billing;
    return `${calendarDay(isoDay(from, timeZone))} – ${calendarDay(isoDay(to, timeZone))}`;
  }

  /** The plan and its bought seats for [start, end) of `months` months. */
  cycleLines(plan: Plan, addOnSeats: number, start: Date, end: Date, months: number): InvoiceLine[] {
    const span = this.span(start, end);
    const lines = [this.line(`${plan.name} plan, ${span} (${months} ${months === 1 ? 'month' : 'months'})`, months, plan.monthlyPrice)];
    if (addOnSeats > 0)
      lines.push(
        this.line(
          `${addOnSeats} add-on ${addOnSeats === 1 ? 'seat' : 'seats'}, ${span} (seat-months)`,
          addOnSeats * months,
          plan.seatPrice,
        ),
      );
    return lines;
  }

  /**
   * Writes an invoice in the caller's transaction (which holds the client's and the subscription's
   * locks). An open one takes the next number last, so anything refused before burns none, and
   * is announced (`subscription_invoice.issued`); a draft stays unnumbered and unannounced.
   */
  async create(tx: Tx, clientId: string, actorUserId: string | null, input: InvoiceInput, now: Date): Promise<SubscriptionInvoice> {
    const { timeZone } = this.config.billing;
    const issuedOn = isoDay(now, timeZone);
    const startDay = isoDay(input.periodStart, timeZone);
    const due = input.status === 'draft' ? issuedOn : addDays(issuedOn, DAYS_TO_PAY);
    const number = input.status === 'open' ? invoiceNumber(await this.invoices.nextNumber(tx, 'invoice')) : null;
    const row = await this.invoices.insert(tx, {
      clientId,
      number,
      kind: input.kind,
      status: input.status,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      issuedOn,
      dueOn: input.status === 'open' && startDay > due ? startDay : due,
      lines: input.lines,
      netAmount: input.lines.reduce((s, l) => s + l.net, 0),
      vatAmount: input.lines.reduce((s, l) => s + l.vat, 0),
      grossAmount: input.lines.reduce((s, l) => s + l.gross, 0),
      currency: 'GBP',
      paymentId: null,
      changes: input.changes,
      nextAttemptAt: input.nextAttemptAt,
      xeroInvoiceId: null,
    });
    if (input.status === 'open') await this.announceIssued(tx, row, actorUserId);
    return row;
  }

  /**
   * Marks an invoice paid by a payment, in the payment's transaction: a draft takes its number and
   * issue date now (its tax point is the payment). Answers the invoice as it now is.
   */
  async markPaid(tx: Tx, inv: SubscriptionInvoice, paymentId: string, now: Date): Promise<SubscriptionInvoice> {
    const wasDraft = inv.status === 'draft';
    const patch = {
      status: 'paid' as const,
      paymentId,
      paidAt: now,
      nextAttemptAt: null,
      lastFailure: null,
      ...(wasDraft
        ? { number: invoiceNumber(await this.invoices.nextNumber(tx, 'invoice')), issuedOn: isoDay(now, this.config.billing.timeZone) }
        : {}),
    };
    await this.invoices.update(tx, inv.id, patch);
    const paid = { ...inv, ...patch, dueOn: wasDraft ? patch.issuedOn! : inv.dueOn };
    if (wasDraft) {
      await this.invoices.update(tx, inv.id, { dueOn: paid.dueOn });
      await this.announceIssued(tx, paid, null);
    }
    await this.outbox.record(tx, {
      type: 'subscription_invoice.paid',
      aggregateType: 'client',
      aggregateId: inv.clientId,
      clientId: inv.clientId,
      payload: { ...this.eventData(paid, null), paymentId, paidAt: now.toISOString() },
    });
    return paid;
  }

  private async announceIssued(tx: Tx, row: SubscriptionInvoice, actorUserId: string | null): Promise<void> {
    await this.activity.record(tx, {
      clientId: row.clientId,
      actorUserId,
      action: 'subscription_invoice.issued',
      before: null,
      after: {
        number: row.number,
        kind: row.kind,
        periodStart: row.periodStart.toISOString(),
        periodEnd: row.periodEnd.toISOString(),
        grossAmount: row.grossAmount,
      },
    });
    await this.outbox.record(tx, {
      type: 'subscription_invoice.issued',
      aggregateType: 'client',
      aggregateId: row.clientId,
      clientId: row.clientId,
      payload: this.eventData(row, null),
    });
  }

  /**
   * The open invoice for the plan and the bought seats, for `periods` billing periods from the end
   * of what is paid (the cycle's, or an admin's "issue next invoice"). A plan or seats scheduled
   * for then are what it bills. The same period is never invoiced twice (409 naming the invoice);
   * nothing to bill is a 422. The card is first charged when the period starts.
   */
  async issueNext(tx: Tx, clientId: string, actorUserId: string | null, now: Date, periods = 1): Promise<SubscriptionInvoice> {
    const client = await this.clients.lock(tx, clientId);
    if (!client) throw new NotFoundException('No client with that id');
    const sub = await this.subscriptions.lock(tx, clientId);
    if (!sub) throw new NotFoundException('No subscription for that client');
    const current = (await this.plans.byId(sub.planId, tx))!;
    if (!sub.currentPeriodEnd)
      throw new UnprocessableEntityException(`The client is on the ${current.name} plan, which is free: there is nothing to invoice`);
    const periodStart = sub.currentPeriodEnd;
    const scheduled = sub.scheduledFor !== null && sub.scheduledFor.getTime() <= periodStart.getTime();
    const plan = scheduled && sub.scheduledPlanId ? (await this.plans.byId(sub.scheduledPlanId, tx))! : current;
    const addOnSeats = scheduled && sub.scheduledAddOnSeats !== null ? sub.scheduledAddOnSeats : sub.addOnSeats;
    if (sub.cancelAtPeriodEnd)
      throw new ConflictException(
        `The subscription ends on ${periodStart.toISOString().slice(0, 10)}: there is nothing to invoice after it`,
      );
    if (plan.monthlyPrice === 0 && (addOnSeats === 0 || plan.seatPrice === 0)) {
      throw new UnprocessableEntityException(
        `The client is on the ${plan.name} plan from then, which is free: there is nothing to invoice`,
      );
    }
    const existing = await this.invoices.forPeriod(tx, clientId, 'plan', periodStart);
    if (existing && existing.status !== 'void' && existing.status !== 'draft') {
      throw new ConflictException(
        `Invoice ${existing.number} already covers the period from ${periodStart.toISOString().slice(0, 10)} (${existing.status})`,
      );
    }
    const months = monthsOf(plan.billingPeriod) * periods;
    const periodEnd = addMonths(periodStart, months);
    const row = await this.create(
      tx,
      clientId,
      actorUserId,
      {
        kind: 'plan',
        status: 'open',
        periodStart,
        periodEnd,
        lines: this.cycleLines(plan, addOnSeats, periodStart, periodEnd, months),
        changes: null,
        nextAttemptAt: periodStart,
      },
      now,
    );
    // Issued: the cycle looks again once this invoice is paid (or voided).
    await this.subscriptions.update(tx, clientId, { nextBillAt: null });
    return row;
  }

  /** An admin's "issue the next invoice". */
  async issue(clientId: string, actorUserId: string, periods = 1): Promise<SubscriptionInvoiceDto> {
    const invoice = await this.tx.run((tx) => this.issueNext(tx, clientId, actorUserId, new Date(), periods));
    return this.view(invoice, null);
  }

  /** Voids an open invoice with a credit note for all of it (its own number series). */
  async void(invoiceId: string, actorUserId: string, reason: string): Promise<SubscriptionInvoiceDto> {
    const [invoice, note] = await this.tx.run(async (tx) => {
      const found = await this.invoices.byId(invoiceId, undefined, tx);
      if (!found) throw new NotFoundException('No invoice with that id');
      await this.clients.lock(tx, found.clientId);
      const sub = await this.subscriptions.lock(tx, found.clientId);
      const inv = (await this.invoices.lock(tx, invoiceId))!;
      if (inv.status === 'void') {
        const existing = await this.invoices.creditNoteOf(inv.id, tx);
        throw new ConflictException(`Invoice ${inv.number} is already void (credit note ${existing?.number ?? '—'})`);
      }
      if (inv.status === 'paid') throw new ConflictException(`Invoice ${inv.number} is paid: refund it instead of voiding it`);
      if (inv.status === 'draft')
        throw new ConflictException('This is a draft of a card payment that was never made: there is nothing to void');
      const number = creditNoteNumber(await this.invoices.nextNumber(tx, 'credit_note'));
      const cn = await this.invoices.insertCreditNote(tx, {
        clientId: inv.clientId,
        invoiceId: inv.id,
        number,
        issuedOn: isoDay(new Date(), this.config.billing.timeZone),
        reason,
        lines: inv.lines,
        netAmount: inv.netAmount,
        vatAmount: inv.vatAmount,
        grossAmount: inv.grossAmount,
        currency: inv.currency,
        xeroCreditNoteId: null,
      });
      await this.invoices.update(tx, inv.id, { status: 'void', nextAttemptAt: null });
      inv.status = 'void';
      // A voided renewal leaves its period unbilled: the cycle may issue a corrected invoice for it.
      if (inv.kind === 'plan') {
        if (sub && sub.currentPeriodEnd?.getTime() === inv.periodStart.getTime() && !sub.cancelAtPeriodEnd)
          await this.subscriptions.update(tx, inv.clientId, { nextBillAt: new Date() });
      }
      await this.activity.record(tx, {
        clientId: inv.clientId,
        actorUserId,
        action: 'subscription_invoice.voided',
        before: { number: inv.number, status: 'open' },
        after: { number: inv.number, status: 'void', creditNote: number, reason },
      });
      await this.outbox.record(tx, {
        type: 'subscription_invoice.voided',
        aggregateType: 'client',
        aggregateId: inv.clientId,
        clientId: inv.clientId,
        payload: this.eventData(inv, cn),
      });
      return [inv, cn] as const;
    });
    return this.view(invoice, note);
  }

  async page(clientId: string, page: number, pageSize: number, withDrafts = false): Promise<SubscriptionInvoicePageDto> {
    if (!(await this.clients.byId(clientId))) throw new NotFoundException('No client with that id');
    const [rows, total] = await this.invoices.page(clientId, (page - 1) * pageSize, pageSize, withDrafts);
    const notes = new Map((await this.invoices.creditNotesOf(rows.map((r) => r.id))).map((n) => [n.invoiceId, n]));
    return { items: rows.map((r) => this.view(r, notes.get(r.id) ?? null)), meta: { page, pageSize, total } };
  }

  /** 404 for none, or another client's when `clientId` is given (a client never sees a draft). */
  async get(invoiceId: string, clientId?: string): Promise<SubscriptionInvoiceDto> {
    const inv = await this.invoices.byId(invoiceId, clientId);
    if (!inv || (clientId && inv.status === 'draft')) throw new NotFoundException('No invoice with that id');
    return this.view(inv, await this.invoices.creditNoteOf(inv.id));
  }

  /** The invoice as a PDF; `creditNote` for the credit note that voided it (404 when there is none). */
  async pdf(invoiceId: string, clientId: string | undefined, creditNote = false): Promise<{ filename: string; pdf: Buffer }> {
    const inv = await this.invoices.byId(invoiceId, clientId);
    if (!inv) throw new NotFoundException('No invoice with that id');
    if (inv.status === 'draft' || !inv.number) throw new NotFoundException('This invoice is a draft: it has no PDF until it is paid');
    const client = (await this.clients.byId(inv.clientId))!;
    const { seller } = this.config.billing;
    const buyer = {
      name: client.businessName ?? 'Your business',
      address: [client.addressLine1, client.addressLine2, client.town, client.postcode].filter((l): l is string => !!l),
      vatNumber: null,
    };
    const lines = inv.lines.map((l) => ({
      description: l.description,
      netAmount: l.net,
      vatRateBps: l.vatRateBps,
      vatAmount: l.vat,
      grossAmount: l.gross,
    }));
    let doc: VatDocument;
    if (creditNote) {
      const cn = await this.invoices.creditNoteOf(inv.id);
      if (!cn) throw new NotFoundException(`Invoice ${inv.number} has no credit note: it is not void`);
      doc = {
        title: seller.vatNumber ? 'VAT credit note' : 'Credit note',
        number: cn.number,
        facts: [
          `Date and tax point ${calendarDay(cn.issuedOn)}`,
          `Credits invoice ${inv.number} of ${calendarDay(inv.issuedOn)}`,
          `Reason: ${cn.reason}`,
        ],
        subject: `Credit note for invoice ${inv.number}`,
        seller,
        buyer,
        buyerHeading: 'CREDITED TO',
        currency: cn.currency,
        lines,
        netAmount: cn.netAmount,
        vatAmount: cn.vatAmount,
        grossAmount: cn.grossAmount,
        totalLabel: 'Total credited',
        footer: null,
      };
      return { filename: `leadflow-credit-note-${cn.number}.pdf`, pdf: await renderVatDocumentPdf(doc) };
    }
    doc = {
      title: seller.vatNumber ? 'VAT invoice' : 'Invoice',
      number: inv.number,
      facts: [`Date and tax point ${calendarDay(inv.issuedOn)}`, `Due ${calendarDay(inv.dueOn)}`],
      subject: `Subscription invoice ${inv.number}`,
      seller,
      buyer,
      buyerHeading: 'BILLED TO',
      currency: inv.currency,
      lines,
      netAmount: inv.netAmount,
      vatAmount: inv.vatAmount,
      grossAmount: inv.grossAmount,
      totalLabel: 'Total due',
      footer: inv.status === 'void' ? `Void: cancelled by a credit note.` : inv.status === 'paid' ? 'Paid. Thank you.' : null,
    };
    return { filename: `leadflow-invoice-${inv.number}.pdf`, pdf: await renderVatDocumentPdf(doc) };
  }

  view(inv: SubscriptionInvoice, cn: SubscriptionCreditNote | null): SubscriptionInvoiceDto {
    return {
      id: inv.id,
      clientId: inv.clientId,
      number: inv.number,
      kind: inv.kind,
      status: inv.status,
      periodStart: inv.periodStart.toISOString(),
      periodEnd: inv.periodEnd.toISOString(),
      issuedOn: inv.issuedOn,
      dueOn: inv.dueOn,
      lines: inv.lines,
      netAmount: inv.netAmount,
      vatAmount: inv.vatAmount,
      grossAmount: inv.grossAmount,
      currency: inv.currency,
      paymentId: inv.paymentId,
      paidAt: inv.paidAt?.toISOString() ?? null,
      attempts: inv.attempts ?? 0,
      nextAttemptAt: inv.nextAttemptAt?.toISOString() ?? null,
      lastFailure: inv.lastFailure ?? null,
      creditNote: cn ? { id: cn.id, number: cn.number, issuedOn: cn.issuedOn, reason: cn.reason, grossAmount: cn.grossAmount } : null,
    };
  }

  eventData(inv: SubscriptionInvoice, cn: SubscriptionCreditNote | null) {
    return {
      clientId: inv.clientId,
      invoiceId: inv.id,
      number: inv.number,
      kind: inv.kind,
      status: inv.status,
      periodStart: inv.periodStart.toISOString(),
      periodEnd: inv.periodEnd.toISOString(),
      issuedOn: inv.issuedOn,
      dueOn: inv.dueOn,
      netAmount: inv.netAmount,
      vatAmount: inv.vatAmount,
      grossAmount: inv.grossAmount,
      currency: inv.currency,
      creditNoteNumber: cn?.number ?? null,
    };
  }
}
