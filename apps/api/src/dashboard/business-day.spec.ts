import { describe, expect, it } from '@jest/globals';
import { BUSINESS_TIME_ZONE, dayIn } from './dashboard.service';

describe('the business day', () => {
  it('starts at midnight in London, summer time included', () => {
    expect(BUSINESS_TIME_ZONE).toBe('Europe/London');
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST); in January the two agree.
    expect(dayIn(BUSINESS_TIME_ZONE, new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(dayIn(BUSINESS_TIME_ZONE, new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
  });
});
