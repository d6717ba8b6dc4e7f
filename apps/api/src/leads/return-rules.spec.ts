import { REPORT_REASONS } from '../catalog';
import {
  approvesAutomatically,
  overReturnLimit,
  resalePrice,
  resaleTermsOf,
  returnPolicyOf,
  returnRateBps,
  reversible,
} from './return-rules';

const rule = { belowPercent: 5, reasons: ['wrong_number', 'fake'] };

describe('return rules', () => {
  it('measures the rate in basis points, and counts every return as over when no lead was delivered', () => {
    expect(returnRateBps(0, 0)).toBe(0);
    expect(returnRateBps(3, 20)).toBe(1_500);
    expect(returnRateBps(1, 3)).toBe(3_333);
    expect(returnRateBps(1, 0)).toBe(10_000);
  });

  it('is over the limit past it, not on it', () => {
    expect(overReturnLimit(3, 20, 15)).toBe(false);
    expect(overReturnLimit(4, 20, 15)).toBe(true);
    expect(overReturnLimit(1, 1, 100)).toBe(false);
    expect(overReturnLimit(1, 10, 0)).toBe(true);
  });

  it('never approves a return over the limit at once, even for a trusted client', () => {
    expect(approvesAutomatically({ overLimit: true, trusted: true, rateBps: 0, reason: 'fake', rule })).toBe(false);
    expect(approvesAutomatically({ overLimit: false, trusted: true, rateBps: 1_400, reason: 'other', rule })).toBe(true);
  });

  it('approves by the rule only under its rate and for its reasons', () => {
    expect(approvesAutomatically({ overLimit: false, trusted: false, rateBps: 499, reason: 'fake', rule })).toBe(true);
    expect(approvesAutomatically({ overLimit: false, trusted: false, rateBps: 500, reason: 'fake', rule })).toBe(false);
    expect(approvesAutomatically({ overLimit: false, trusted: false, rateBps: 100, reason: 'duplicate', rule })).toBe(false);
    expect(
      approvesAutomatically({ overLimit: false, trusted: false, rateBps: 0, reason: 'fake', rule: { ...rule, belowPercent: 0 } }),
    ).toBe(false);
  });

  it('takes the industry’s window and reasons, else the global window and every reason', () => {
    expect(returnPolicyOf({ returnWindowDays: null, returnReasons: null }, 7, REPORT_REASONS)).toEqual({
      windowDays: 7,
      reasons: [...REPORT_REASONS],
    });
    expect(returnPolicyOf({ returnWindowDays: 3, returnReasons: ['fake', 'wrong_number'] }, 7, REPORT_REASONS)).toEqual({
      windowDays: 3,
      reasons: ['wrong_number', 'fake'],
    });
  });

  it('resells when the campaign or the industry says so, at the campaign’s, the industry’s or the default discount', () => {
    const industry = { resaleAuto: false, resaleDiscountPercent: 30 };
    expect(resaleTermsOf(null, industry, 25)).toEqual({ auto: false, discountPercent: 30 });
    expect(resaleTermsOf({ resaleAuto: true, resaleDiscountPercent: null }, industry, 25)).toEqual({ auto: true, discountPercent: 30 });
    expect(resaleTermsOf({ resaleAuto: false, resaleDiscountPercent: 10 }, { ...industry, resaleAuto: true }, 25)).toEqual({
      auto: true,
      discountPercent: 10,
    });
    expect(resaleTermsOf(null, { resaleAuto: true, resaleDiscountPercent: null }, 25)).toEqual({ auto: true, discountPercent: 25 });
  });

  it('prices a resale at the discount, in whole pence', () => {
    expect(resalePrice(2_500, 20)).toBe(2_000);
    expect(resalePrice(999, 25)).toBe(749);
    expect(resalePrice(2_500, 100)).toBe(0);
  });

  it('lets an admin reverse an automatic approval once, within a day', () => {
    const decidedAt = new Date('2026-12-01T10:00:00Z');
    const report = { status: 'approved', automatic: true, decidedAt };
    expect(reversible(report, new Date('2026-12-02T09:59:00Z'))).toBe(true);
    expect(reversible(report, new Date('2026-12-02T10:01:00Z'))).toBe(false);
    expect(reversible({ ...report, automatic: false }, decidedAt)).toBe(false);
    expect(reversible({ ...report, status: 'reversed' }, decidedAt)).toBe(false);
  });
});
