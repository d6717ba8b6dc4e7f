/** Splits a top-up into net credit, VAT and the gross charged, in minor units (never floats). */
export interface VatSplit {
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  vatRateBps: number;
}

/**
 * `added`: the amount is the credit bought; VAT goes on top (£100 → card £120, credit £100).
 * `included`: the amount is what the card pays; the credit is the amount less its VAT share.
 * VAT rounds half up to the penny, as HMRC allows per invoice.
 */
export function splitVat(amount: number, rateBps: number, mode: 'added' | 'included'): VatSplit {
  if (mode === 'added') {
    const vatAmount = Math.floor((amount * rateBps + 5_000) / 10_000);
    return { netAmount: amount, vatAmount, grossAmount: amount + vatAmount, vatRateBps: rateBps };
  }
  const netAmount = Math.floor((amount * 10_000 + (10_000 + rateBps) / 2) / (10_000 + rateBps));
  return { netAmount, vatAmount: amount - netAmount, grossAmount: amount, vatRateBps: rateBps };
}
