import { forecastRunway, type RunwayInput } from './runway';

// Monday 23 November 2026, 09:00 UTC.
const now = new Date('2026-11-23T09:00:00Z');
/** A £25 lead at 10:30 on each of the last 14 days (9 to 22 November). */
const daily = Array.from({ length: 14 }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 9 + i, 10, 30)), amount: -2_500 }));
const base: RunwayInput = { now, balance: 10_000, creditLimit: 0, autoCharge: null, movements: daily };

describe('balance runway, against hand-computed expectations', () => {
  it('spends £25 at 10:00–11:00 each day: £100 lasts until Thursday 11:00 (four leads)', () => {
    const r = forecastRunway(base);
    expect(r).toMatchObject({ basisDays: 14, spend: 35_000, averageDailySpend: 2_500, autoChargeAt: null, autoChargeFirst: false });
    // Mon 10–11 → £75, Tue → £50, Wed → £25, Thu 10–11 → £0, reached at the end of that hour.
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-26T11:00:00.000Z');
  });

  it('says auto-charge fires first, at the moment the balance would cross its threshold', () => {
    const r = forecastRunway({ ...base, autoCharge: { enabled: true, threshold: 3_000, amount: 5_000 } });
    // Wednesday's hour starts at £50 and spends £25 evenly: £30 is crossed 20/25 of the way in, at 10:48.
    expect(r.autoChargeAt?.toISOString()).toBe('2026-11-25T10:48:00.000Z');
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-26T11:00:00.000Z');
    expect(r).toMatchObject({ autoChargeFirst: true, autoChargeAmount: 5_000 });
  });

  it('counts the credit limit, ignores an auto-charge that is off, and nets refunds', () => {
    const refund = { at: new Date('2026-11-22T10:40:00Z'), amount: 2_500 }; // Sunday's lead refunded: that slot averages £12.50
    const r = forecastRunway({
      ...base,
      creditLimit: 2_500,
      autoCharge: { enabled: false, threshold: 3_000, amount: 5_000 },
      movements: [...daily, refund],
    });
    // £100 + £25 of credit: Mon, Tue, Wed, Thu take £100, Friday 10–11 takes the last £25 → 11:00 Friday.
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(r).toMatchObject({ spend: 32_500, autoChargeAt: null, autoChargeAmount: null });
  });

  it('averages over two weeks: one week of spend counts half', () => {
    const lastWeekOnly = daily.slice(7); // 16 to 22 November
    const r = forecastRunway({ ...base, movements: lastWeekOnly });
    // £12.50 an hour at 10:00–11:00: £100 lasts eight days; the eighth such hour is Monday 30 November.
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-30T11:00:00.000Z');
    expect(r.averageDailySpend).toBe(1_250);
  });

  it('has no answer without spend, or beyond 90 days', () => {
    expect(forecastRunway({ ...base, movements: [] })).toMatchObject({ runsOutAt: null, autoChargeAt: null, spend: 0 });
    expect(forecastRunway({ ...base, balance: 10_000_000 }).runsOutAt).toBeNull();
    expect(forecastRunway({ ...base, movements: [{ at: new Date('2026-11-01T10:00:00Z'), amount: -2_500 }] }).runsOutAt).toBeNull(); // outside the 14 days
  });

  it('fires auto-charge on the next lead when the balance is already below the threshold', () => {
    const r = forecastRunway({ ...base, balance: 2_000, autoCharge: { enabled: true, threshold: 3_000, amount: 5_000 } });
    expect(r.autoChargeAt?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-23T10:48:00.000Z');
  });
});

describe('the runway never contradicts the present', () => {
  it('says leads are being refused now when the balance cannot pay for one', () => {
    // £20 left, leads cost £25: the next lead is refused, whatever the history says.
    const r = forecastRunway({ ...base, balance: 2_000, leadPrice: 2_500 });
    expect(r).toMatchObject({ refusingNow: true, autoChargeAt: null });
    expect(r.runsOutAt?.toISOString()).toBe(now.toISOString());
  });

  it('runs out when the balance can no longer pay for the next lead, not at zero', () => {
    // £100 pays for three £30 leads (£90); £10 is left over. Spending £25 a day: £75, £50, £25, then
    // Thursday's hour takes the last £15 of the £90 three fifths of the way in: 10:36.
    const r = forecastRunway({ ...base, leadPrice: 3_000 });
    expect(r.runsOutAt?.toISOString()).toBe('2026-11-26T10:36:00.000Z');
    expect(r.refusingNow).toBe(false);
    // When the price divides the balance, that is the old answer: £100 is four £25 leads.
    expect(forecastRunway({ ...base, leadPrice: 2_500 }).runsOutAt?.toISOString()).toBe('2026-11-26T11:00:00.000Z');
  });

  it('puts an auto-charge no later than the run-out: a refused lead starts one', () => {
    // Threshold £5 is below the £25 price: the balance would never cross it before leads are refused.
    const r = forecastRunway({ ...base, leadPrice: 2_500, autoCharge: { enabled: true, threshold: 500, amount: 5_000 } });
    expect(r.autoChargeAt!.getTime()).toBeLessThanOrEqual(r.runsOutAt!.getTime());
    expect(r.autoChargeFirst).toBe(true);
    // And already refusing: the charge is now.
    const now2 = forecastRunway({
      ...base,
      balance: 2_000,
      leadPrice: 2_500,
      autoCharge: { enabled: true, threshold: 2_000, amount: 5_000 },
    });
    expect(now2).toMatchObject({ refusingNow: true, autoChargeFirst: true });
    expect(now2.autoChargeAt?.toISOString()).toBe(now.toISOString());
  });
});
