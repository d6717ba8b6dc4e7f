import {
  capReached,
  chargedPrice,
  firstRejection,
  hasCap,
  hasSpendLimit,
  isDuplicate,
  OFFER_CHECKS,
  spendLimitReached,
} from './offer-rules';

describe('offer rules', () => {
  describe('capReached', () => {
    it('is reached when today has got to the daily cap, or the week to the weekly cap', () => {
      expect(capReached({ today: 4, week: 10 }, { dailyCap: 5, weeklyCap: 20 })).toBe(false);
      expect(capReached({ today: 5, week: 10 }, { dailyCap: 5, weeklyCap: 20 })).toBe(true);
      expect(capReached({ today: 0, week: 20 }, { dailyCap: 5, weeklyCap: 20 })).toBe(true);
    });
    it('treats null as no cap', () => {
      expect(capReached({ today: 1_000, week: 1_000 }, { dailyCap: null, weeklyCap: null })).toBe(false);
      expect(capReached({ today: 1_000, week: 1_000 }, { dailyCap: null, weeklyCap: 1_001 })).toBe(false);
      expect(hasCap({ dailyCap: null, weeklyCap: null })).toBe(false);
      expect(hasCap({ dailyCap: 0, weeklyCap: null })).toBe(true);
    });
    it('a cap of zero takes nothing', () => {
      expect(capReached({ today: 0, week: 0 }, { dailyCap: 0, weeklyCap: null })).toBe(true);
    });
  });

  describe('isDuplicate', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const past = [{ phone: 'p1', email: 'e1', deliveredAt: daysAgo(10) }];

    it('matches on the phone key or the email key within the window', () => {
      expect(isDuplicate({ phone: 'p1', email: null }, past, now, 30)).toBe(true);
      expect(isDuplicate({ phone: null, email: 'e1' }, past, now, 30)).toBe(true);
      expect(isDuplicate({ phone: 'p2', email: 'e2' }, past, now, 30)).toBe(false);
    });
    it('forgets what was delivered before the window, and the window edge itself', () => {
      expect(isDuplicate({ phone: 'p1', email: 'e1' }, past, now, 7)).toBe(false);
      expect(isDuplicate({ phone: 'p1', email: null }, past, now, 10)).toBe(false);
    });
    it('a lead with no keys is never a duplicate, even of another lead with no keys', () => {
      expect(isDuplicate({ phone: null, email: null }, [{ phone: null, email: null, deliveredAt: daysAgo(1) }], now, 30)).toBe(false);
    });
  });

  describe('spendLimitReached', () => {
    const limits = { weeklySpendLimit: 10_000, monthlySpendLimit: 30_000 };
    it('takes a lead that lands exactly on the limit, refuses one that would go past it', () => {
      expect(spendLimitReached({ week: 7_500, month: 7_500 }, limits, 2_500)).toBe(false);
      expect(spendLimitReached({ week: 7_501, month: 7_501 }, limits, 2_500)).toBe(true);
    });
    it('checks the month apart from the week', () => {
      expect(spendLimitReached({ week: 0, month: 28_000 }, limits, 2_500)).toBe(true);
      expect(spendLimitReached({ week: 0, month: 28_000 }, { ...limits, monthlySpendLimit: null }, 2_500)).toBe(false);
    });
    it('never refuses a free lead, nor without limits', () => {
      expect(spendLimitReached({ week: 50_000, month: 50_000 }, limits, 0)).toBe(false);
      expect(spendLimitReached({ week: 50_000, month: 50_000 }, { weeklySpendLimit: null, monthlySpendLimit: null }, 2_500)).toBe(false);
      expect(hasSpendLimit({ weeklySpendLimit: null, monthlySpendLimit: null })).toBe(false);
      expect(hasSpendLimit({ weeklySpendLimit: null, monthlySpendLimit: 1 })).toBe(true);
    });
  });

  describe('chargedPrice', () => {
    it('billable buyers pay the price; others pay nothing', () => {
      expect(chargedPrice('billable', 2_500)).toBe(2_500);
      expect(chargedPrice('non_billable', 2_500)).toBe(0);
    });
  });

  describe('firstRejection', () => {
    const none = { stale: false, duplicate: false, cap_reached: false, spend_limit_reached: false, no_credit: false };
    it('is null when nothing applies: the buyer takes the lead', () => {
      expect(firstRejection(none)).toBeNull();
    });
    it('answers in order: stale, then duplicate, then the cap, then the spending limit, then credit', () => {
      expect(OFFER_CHECKS).toEqual(['stale', 'duplicate', 'cap_reached', 'spend_limit_reached', 'no_credit']);
      expect(firstRejection({ stale: true, duplicate: true, cap_reached: true, spend_limit_reached: true, no_credit: true })).toBe('stale');
      expect(firstRejection({ ...none, duplicate: true, cap_reached: true, spend_limit_reached: true, no_credit: true })).toBe('duplicate');
      expect(firstRejection({ ...none, cap_reached: true, spend_limit_reached: true, no_credit: true })).toBe('cap_reached');
      expect(firstRejection({ ...none, spend_limit_reached: true, no_credit: true })).toBe('spend_limit_reached');
      expect(firstRejection({ ...none, no_credit: true })).toBe('no_credit');
    });
  });
});
