import fc from 'fast-check';
import { addMonths, costUntil, periodAround, prorate } from './billing-periods';

const DAY = 86_400_000;
const start0 = new Date('2026-01-31T10:00:00Z').getTime();
const arbPeriod = fc
  .record({ startOffset: fc.integer({ min: 0, max: 3_000 * DAY }), months: fc.constantFrom(1, 12) })
  .map(({ startOffset, months }) => {
    const start = new Date(start0 + startOffset);
    return { start, end: addMonths(start, months), months };
  });

describe('addMonths', () => {
  it('keeps the day where the month has it, else the last day', () => {
    expect(addMonths(new Date('2027-01-31T00:00:00Z'), 1).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2028-01-31T00:00:00Z'), 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2026-12-15T09:30:00Z'), 12).toISOString()).toBe('2027-12-15T09:30:00.000Z');
    expect(addMonths(new Date('2027-03-31T00:00:00Z'), -1).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });
});

describe('prorate', () => {
  it('is the nearest penny of the exact share of the period left', () => {
    fc.assert(
      fc.property(arbPeriod, fc.integer({ min: 0, max: 5_000_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (p, amount, f) => {
        const total = p.end.getTime() - p.start.getTime();
        const now = new Date(p.start.getTime() + Math.floor(total * f));
        const left = p.end.getTime() - now.getTime();
        const got = prorate(amount, p.start, p.end, now);
        // |got − amount·left/total| ≤ ½, in exact integers.
        const err = BigInt(got) * BigInt(total) - BigInt(amount) * BigInt(left);
        expect(2n * (err < 0n ? -err : err) <= BigInt(total)).toBe(true);
        expect(got).toBeGreaterThanOrEqual(0);
        expect(got).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it('is the whole amount at the start, nothing at the end, and never grows as time passes', () => {
    fc.assert(
      fc.property(
        arbPeriod,
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.nat(),
        (p, amount, a, b) => {
          expect(prorate(amount, p.start, p.end, p.start)).toBe(amount);
          expect(prorate(amount, p.start, p.end, p.end)).toBe(0);
          const t1 = new Date(p.start.getTime() + a);
          const t2 = new Date(t1.getTime() + b);
          expect(prorate(amount, p.start, p.end, t2)).toBeLessThanOrEqual(prorate(amount, p.start, p.end, t1));
        },
      ),
    );
  });

  it('splits a price in two parts to within a penny of prorating their sum', () => {
    fc.assert(
      fc.property(arbPeriod, fc.nat(1_000_000), fc.nat(1_000_000), fc.double({ min: 0, max: 1, noNaN: true }), (p, a, b, f) => {
        const now = new Date(p.start.getTime() + Math.floor((p.end.getTime() - p.start.getTime()) * f));
        const sum = prorate(a + b, p.start, p.end, now);
        expect(Math.abs(prorate(a, p.start, p.end, now) + prorate(b, p.start, p.end, now) - sum)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('charges half of a 30-day month at its midpoint: £10 → £5.00', () => {
    const start = new Date('2027-04-01T00:00:00Z');
    expect(prorate(1_000, start, addMonths(start, 1), new Date('2027-04-16T00:00:00Z'))).toBe(500);
    expect(prorate(999, start, addMonths(start, 1), new Date('2027-04-16T00:00:00Z'))).toBe(500); // 499.5 rounds up
  });
});

describe('periodAround and costUntil', () => {
  it('finds the period holding now, counting back from what is paid', () => {
    fc.assert(
      fc.property(arbPeriod, fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (p, ahead, f) => {
        let validUntil = p.end;
        for (let i = 1; i < ahead; i++) validUntil = addMonths(validUntil, p.months);
        const now = new Date(p.start.getTime() + Math.floor((p.end.getTime() - p.start.getTime()) * f));
        const around = periodAround(validUntil, p.months, now);
        expect(around.start.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(around.end.getTime()).toBeGreaterThan(now.getTime());
        expect(around.after).toBe(ahead - 1);
      }),
    );
  });

  it('adds whole periods paid in advance at full price', () => {
    const start = new Date('2027-04-01T00:00:00Z');
    const validUntil = addMonths(start, 3);
    expect(costUntil(1_000, 1, validUntil, new Date('2027-04-16T00:00:00Z'))).toBe(500 + 2 * 1_000);
    expect(costUntil(1_000, 1, validUntil, validUntil)).toBe(0);
  });
});
