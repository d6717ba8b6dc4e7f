import type { BillingSummaryDto } from '@leadflow/api-client';

/**
 * "50", "50.5", "£1,250.00" → pence; null when the text is not pounds and at most two decimals.
 * Integer arithmetic only: "0.29" must be 29 pence, not 28.999….
 */
export function parsePounds(text: string, { signed = false } = {}): number | null {
  const t = text.replace(/[£,\s]/g, '');
  const m = (signed ? /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/ : /^()(\d+)(?:\.(\d{1,2}))?$/).exec(t);
  if (!m) return null;
  const pence = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence)) return null;
  return m[1] === '-' ? -pence : pence;
}

/** 5000 → "50.00", for an input's value. */
export function poundsInput(pence: number): string {
  return (pence / 100).toFixed(2);
}

export type VatMode = 'added' | 'included';

export interface VatSplit {
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
}

/**
 * The API's own split (apps/api/src/billing/vat.ts), so the preview is what the card pays.
 * `added`: VAT on top, rounded half up. `included`: the amount is the gross; the credit is it less VAT.
 */
export function splitVat(amount: number, rateBps: number, mode: VatMode): VatSplit {
  if (mode === 'added') {
    const vatAmount = Math.floor((amount * rateBps + 5_000) / 10_000);
    return { netAmount: amount, vatAmount, grossAmount: amount + vatAmount };
  }
  const netAmount = Math.floor((amount * 10_000 + (10_000 + rateBps) / 2) / (10_000 + rateBps));
  return { netAmount, vatAmount: amount - netAmount, grossAmount: amount };
}

export interface BillingTerms {
  vat: { rateBps: number; mode: VatMode };
  topUpLimits: { min: number; max: number };
}

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The summary's `vat` and `topUpLimits` are loosely typed in the OpenAPI document; read them defensively. */
export function billingTerms(summary: BillingSummaryDto): BillingTerms {
  return {
    vat: { rateBps: numberOr(summary.vat.rateBps, 0), mode: summary.vat.mode === 'included' ? 'included' : 'added' },
    topUpLimits: { min: numberOr(summary.topUpLimits.min, 1), max: numberOr(summary.topUpLimits.max, Number.MAX_SAFE_INTEGER) },
  };
}

/** "20%", "17.5%". */
export function formatRate(rateBps: number): string {
  return `${rateBps / 100}%`;
}
