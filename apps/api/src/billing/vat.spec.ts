import { splitVat } from './vat';

describe('splitVat', () => {
  it('adds 20 % on top by default: a £100 top-up charges £120 and credits £100', () => {
    expect(splitVat(10_000, 2_000, 'added')).toEqual({ netAmount: 10_000, vatAmount: 2_000, grossAmount: 12_000, vatRateBps: 2_000 });
  });

  it('takes VAT out of an amount that includes it', () => {
    expect(splitVat(12_000, 2_000, 'included')).toEqual({ netAmount: 10_000, vatAmount: 2_000, grossAmount: 12_000, vatRateBps: 2_000 });
  });

  it('rounds VAT to the penny and always adds up', () => {
    for (const amount of [1, 7, 99, 1_001, 12_345, 99_999]) {
      for (const mode of ['added', 'included'] as const) {
        const s = splitVat(amount, 2_000, mode);
        expect(s.netAmount + s.vatAmount).toBe(s.grossAmount);
        expect(Number.isInteger(s.vatAmount)).toBe(true);
      }
    }
    expect(splitVat(1_001, 2_000, 'added').vatAmount).toBe(200); // 200.2p → 200p
    expect(splitVat(1_003, 2_000, 'added').vatAmount).toBe(201); // 200.6p → 201p
  });

  it('handles a zero rate', () => {
    expect(splitVat(5_000, 0, 'added')).toEqual({ netAmount: 5_000, vatAmount: 0, grossAmount: 5_000, vatRateBps: 0 });
  });
});
