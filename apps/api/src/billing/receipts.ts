import type { Client } from '../clients';
import type { Payment } from './entities/payment.entity';

/** What a payment bought, in the words of its receipt, its Xero invoice and its Stripe charge. */
export function paymentDescription(payment: Pick<Payment, 'kind' | 'periodStart' | 'periodEnd'>): string {
  if (payment.kind === 'weekly_request' && payment.periodStart && payment.periodEnd) {
    return `Leads delivered ${calendarDay(payment.periodStart)} – ${calendarDay(payment.periodEnd)}`;
  }
  if (payment.kind === 'subscription') return 'LeadFlow subscription';
  return payment.kind === 'auto_charge' ? 'LeadFlow credits (auto-charge)' : 'LeadFlow credits';
}

export interface ReceiptParty {
  name: string;
  address: string[];
  vatNumber: string | null;
}

export interface ReceiptLine {
  description: string;
  netAmount: number;
  vatRateBps: number;
  vatAmount: number;
  grossAmount: number;
}

/** A paid payment's receipt, as the page shows it and the PDF prints it. */
export interface Receipt {
  paymentId: string;
  /** "VAT receipt" when we are VAT-registered (our number is configured), else "Receipt". */
  title: string;
  /** Xero's invoice number once the payment is mirrored there, else our reference for it. */
  number: string;
  /** The tax point: the day the money was taken, in the business's time zone. */
  issuedOn: string;
  paidAt: string;
  currency: string;
  seller: ReceiptParty;
  buyer: ReceiptParty;
  lines: ReceiptLine[];
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
}

/** Our own reference for a payment Xero has not numbered (yet): stable, and never an invoice number Xero could give. */
export const ownReceiptNumber = (paymentId: string) => `LF-${paymentId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

export function buildReceipt(
  payment: Payment,
  client: Pick<Client, 'businessName' | 'addressLine1' | 'addressLine2' | 'town' | 'postcode'>,
  seller: { name: string; address: string[]; vatNumber: string | null },
  timeZone: string,
): Receipt {
  const paidAt = payment.settledAt ?? payment.createdAt;
  return {
    paymentId: payment.id,
    title: seller.vatNumber ? 'VAT receipt' : 'Receipt',
    number: payment.xeroInvoiceNumber ?? ownReceiptNumber(payment.id),
    issuedOn: isoDay(paidAt, timeZone),
    paidAt: paidAt.toISOString(),
    currency: payment.currency,
    seller: { name: seller.name, address: seller.address, vatNumber: seller.vatNumber },
    buyer: {
      name: client.businessName ?? 'Your business',
      address: [client.addressLine1, client.addressLine2, client.town, client.postcode].filter((line): line is string => !!line),
      vatNumber: null,
    },
    lines: [
      {
        description: paymentDescription(payment),
        netAmount: payment.netAmount,
        vatRateBps: payment.vatRateBps,
        vatAmount: payment.vatAmount,
        grossAmount: payment.grossAmount,
      },
    ],
    netAmount: payment.netAmount,
    vatAmount: payment.vatAmount,
    grossAmount: payment.grossAmount,
  };
}

/** "2026-12-04" for an instant, as the calendar reads in `timeZone`. */
export function isoDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** "4 Dec 2026" for a calendar day ("2026-12-04"). */
export function calendarDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** "£1,250.00" */
export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

/** "20%" or "17.5%" */
export const vatRate = (bps: number) => `${bps / 100}%`;
