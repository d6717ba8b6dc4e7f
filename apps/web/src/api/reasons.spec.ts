import { describe, expect, it } from '@jest/globals';
import { eligibilityReasonText, missedReasonText } from './leads';

describe('reasons a lead did not arrive, in words', () => {
  it('says what an invalid lead was, not its code', () => {
    expect(missedReasonText('invalid_payload')).toMatch(/did not fit your lead fields/);
    expect(eligibilityReasonText('invalid_payload')).toBe('Fields did not fit the industry’s columns');
  });

  it('never shows a code, even one it does not know yet', () => {
    for (const text of [missedReasonText('something_new'), eligibilityReasonText('something_new')]) expect(text).not.toMatch(/_/);
  });
});
