import { hourIn, inQuietHours } from './quiet-hours';

describe('quiet hours', () => {
  it('runs past midnight', () => {
    expect([21, 22, 23, 0, 6, 7].map((h) => inQuietHours(22, 7, h))).toEqual([false, true, true, true, true, false]);
  });
  it('runs within a day', () => {
    expect([8, 9, 16, 17].map((h) => inQuietHours(9, 17, h))).toEqual([false, true, true, false]);
  });
  it('is off without both hours', () => {
    expect(inQuietHours(null, 7, 3)).toBe(false);
    expect(inQuietHours(22, null, 23)).toBe(false);
  });
  it('reads the hour in the client’s time zone (BST is UTC+1 in summer)', () => {
    expect(hourIn('Europe/London', new Date('2026-07-01T22:30:00Z'))).toBe(23);
    expect(hourIn('Europe/London', new Date('2026-12-01T22:30:00Z'))).toBe(22);
  });
});
