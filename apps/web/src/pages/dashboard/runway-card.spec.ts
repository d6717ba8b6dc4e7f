import { describe, expect, it } from '@jest/globals';
import type { RunwayDto } from '@leadflow/api-client';
import { runwaySentence } from './runway-card';

const runway: RunwayDto = {
  basisDays: 14,
  spend: 35_000,
  averageDailySpend: 2_500,
  runsOutAt: '2026-12-04T09:00:00.000Z',
  refusingNow: true,
  autoChargeAt: null,
  autoChargeAmount: null,
  autoChargeFirst: false,
  method: 'x',
};

describe('runwaySentence', () => {
  it('says leads are being refused now instead of a date, when the balance cannot pay for one', () => {
    const text = runwaySentence(runway, null, 'GBP');
    expect(text).toMatch(/^Leads are being refused now/);
    expect(text).not.toMatch(/lasts until/);
  });

  it('says auto-charge is buying credit when it is on', () => {
    const text = runwaySentence(
      { ...runway, autoChargeAmount: 5_000 },
      { enabled: true, threshold: 2_000, amount: 5_000, disabledReason: null },
      'GBP',
    );
    expect(text).toContain('Auto-charge is buying £50.00 of credit');
  });
});
