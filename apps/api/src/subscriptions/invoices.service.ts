import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ActivityService } from '../activity';
import { calendarDay, isoDay, renderVatDocumentPdf, splitVat, type VatDocument } from '../billing';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { Transactions } from '../core/database/transactions';
import { OutboxService } from '../outbox';
import type { SubscriptionInvoiceDto, SubscriptionInvoicePageDto } from './dto/invoices.dto';
import type { InvoiceLine, SubscriptionCreditNote, SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import { PlanRepository } from './plan.repository';
import { SubscriptionRepository } from './subscription.repository';

/** Days from issue an invoice is due, unless its period starts later. */
const DAYS_TO_PAY = 14;

export const invoiceNumber = (n: number) => `LF-${String(n).padStart(6, '0')}`;
export const creditNoteNumber = (n: number) => `LF-CN-${String(n).padStart(6, '0')}`;

/** Adds calendar months in UTC, keeping the day where the month has it (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Our invoices to clients for their platform subscription, and the credit notes that void them.
 * Lock order: the client's row, then its subscription, then the counter row (in nextNumber).
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

  /**
   * An open invoice for the plan and the bought seats, for `periods` billing periods from the end
   * of the current one. The same period is never invoiced twice (409 naming the invoice); the free
   * plan has nothing to invoice (422). The number is taken last, so a refused issue burns none.
   */
  async issue(clientId: string, actorUserId: string, periods = 1): Promise<SubscriptionInvoiceDto> {
    const invoice = await this.tx.run(async (tx) => {
      const client = await this.clients.lock(tx, clientId);
      if (!client) throw new NotFoundException('No client with that id');
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!sub) throw new NotFoundException('No subscription for that client');
      const plan = (await this.plans.byId(sub.planId, tx))!;
      if (!sub.currentPeriodEnd || (plan.monthlyPrice === 0 && (sub.addOnSeats === 0 || plan.seatPrice === 0))) {
        throw new UnprocessableEntityException(`The client is on the ${plan.name} plan, which is free: there is nothing to invoice`);
      }
      const periodStart = sub.currentPeriodEnd;
      const existing = await this.invoices.forPeriod(tx, clientId, 'plan', periodStart);
      if (existing) {
        throw new ConflictException(
          `Invoice ${existing.number} already covers the period from ${periodStart.toISOString().slice(0, 10)} (${existing.status})`,
        );
      }
      const months = (plan.billingPeriod === 'yearly' ? 12 : 1) * periods;
      const periodEnd = addMonths(periodStart, months);
      const { timeZone } = this.config.billing;
      const span = `${calendarDay(isoDay(periodStart, timeZone))} – ${calendarDay(isoDay(periodEnd, timeZone))}`;
      const rateBps = this.config.billing.vatRateBps;
      const lines: InvoiceLine[] = [];
      const line = (description: string, quantity: number, unitNet: number) => {
        const vat = splitVat(quantity * unitNet, rateBps, 'added');
        lines.push({ description, quantity, unitNet, net: vat.netAmount, vatRateBps: rateBps, vat: vat.vatAmount, gross: vat.grossAmount });
      };
      line(`${plan.name} plan, ${span} (${months} ${months === 1 ? 'month' : 'months'})`, months, plan.monthlyPrice);
      if (sub.addOnSeats > 0)
        line(
          `${sub.addOnSeats} add-on ${sub.addOnSeats === 1 ? 'seat' : 'seats'}, ${span} (seat-months)`,
          sub.addOnSeats * months,
          plan.seatPrice,
        );
      const issuedOn = isoDay(new Date(), timeZone);
      const startDay = isoDay(periodStart, timeZone);
      const due = addDays(issuedOn, DAYS_TO_PAY);
      const number = invoiceNumber(await this.invoices.nextNumber(tx, 'invoice'));
      const row = await this.invoices.insert(tx, {
        clientId,
        number,
        kind: 'plan',
        status: 'open',
        periodStart,
        periodEnd,
        issuedOn,
        dueOn: startDay > due ? startDay : due,
        lines,
        netAmount: lines.reduce((s, l) => s + l.net, 0),
        vatAmount: lines.reduce((s, l) => s + l.vat, 0),
        grossAmount: lines.reduce((s, l) => s + l.gross, 0),
        currency: plan.currency,
        paymentId: null,
        xeroInvoiceId: null,
      });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription_invoice.issued',
        before: null,
        after: { number, periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), grossAmount: row.grossAmount },
      });
      await this.outbox.record(tx, {
        type: 'subscription_invoice.issued',
        aggregateType: 'client',
        aggregateId: clientId,
        clientId,
        payload: this.eventData(row, null),
      });
      return row;
    });
    return this.view(invoice, null);
  }

  /** Voids an open invoice with a credit note for all of it (its own number series). */
  async void(invoiceId: string, actorUserId: string, reason: string): Promise<SubscriptionInvoiceDto> {
    const [invoice, note] = await this.tx.run(async (tx) => {
      const found = await this.invoices.byId(invoiceId, undefined, tx);
      if (!found) throw new NotFoundException('No invoice with that id');
      await this.clients.lock(tx, found.clientId);
      const inv = (await this.invoices.lock(tx, invoiceId))!;
      if (inv.status === 'void') {
        const existing = await this.invoices.creditNoteOf(inv.id, tx);
        throw new ConflictException(`Invoice ${inv.number} is already void (credit note ${existing?.number ?? '—'})`);
      }
      if (inv.status === 'paid') throw new ConflictException(`Invoice ${inv.number} is paid: refund it instead of voiding it`);
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
      });
      await this.invoices.setStatus(tx, inv.id, 'void');
      inv.status = 'void';
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

  async page(clientId: string, page: number, pageSize: number): Promise<SubscriptionInvoicePageDto> {
    if (!(await this.clients.byId(clientId))) throw new NotFoundException('No client with that id');
    const [rows, total] = await this.invoices.page(clientId, (page - 1) * pageSize, pageSize);
    const notes = new Map((await this.invoices.creditNotesOf(rows.map((r) => r.id))).map((n) => [n.invoiceId, n]));
    return { items: rows.map((r) => this.view(r, notes.get(r.id) ?? null)), meta: { page, pageSize, total } };
  }

  /** 404 for none, or another client's when `clientId` is given. */
  async get(invoiceId: string, clientId?: string): Promise<SubscriptionInvoiceDto> {
    const inv = await this.invoices.byId(invoiceId, clientId);
    if (!inv) throw new NotFoundException('No invoice with that id');
    return this.view(inv, await this.invoices.creditNoteOf(inv.id));
  }

  /** The invoice as a PDF; `creditNote` for the credit note that voided it (404 when there is none). */
  async pdf(invoiceId: string, clientId: string | undefined, creditNote = false): Promise<{ filename: string; pdf: Buffer }> {
    const inv = await this.invoices.byId(invoiceId, clientId);
    if (!inv) throw new NotFoundException('No invoice with that id');
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

  private view(inv: SubscriptionInvoice, cn: SubscriptionCreditNote | null): SubscriptionInvoiceDto {
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
      creditNote: cn ? { id: cn.id, number: cn.number, issuedOn: cn.issuedOn, reason: cn.reason, grossAmount: cn.grossAmount } : null,
    };
  }

  private eventData(inv: SubscriptionInvoice, cn: SubscriptionCreditNote | null) {
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
