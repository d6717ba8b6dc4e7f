import { describe, expect, it } from '@jest/globals';
import {
  fieldMessage,
  formatMonth,
  hourLabel,
  isMonth,
  monthOf,
  notificationTypeLabel,
  phoneText,
  quietHoursText,
  shiftMonth,
} from './notifications';

describe('the usage month switcher', () => {
  it('steps across the turn of the year both ways', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
  });

  it('reads only real months from the address', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('')).toBe(false);
  });

  it('names a month in words, and finds the month of a day', () => {
    expect(formatMonth('2026-12')).toBe('December 2026');
    expect(monthOf(new Date(2026, 0, 31, 23, 59))).toBe('2026-01');
  });
});

describe('text alert words', () => {
  it('shows quiet hours as clock times, or none', () => {
    expect(hourLabel(7)).toBe('07:00');
    expect(quietHoursText(22, 7)).toBe('22:00 to 07:00');
    expect(quietHoursText(null, null)).toBeNull();
  });

  it('shows a UK number as people write it', () => {
    expect(phoneText('+447700900123')).toBe('07700 900123');
    expect(phoneText('+14155550100')).toBe('+14155550100');
  });

  it('names what a notification was about, known or not', () => {
    expect(notificationTypeLabel('new_lead')).toBe('New lead');
    expect(notificationTypeLabel('weekly_invoice')).toBe('Weekly invoice');
  });
});

describe('refusals that name their field', () => {
  it('puts a one-field message beside that field, and keeps a message about two fields whole', () => {
    expect(fieldMessage('quietEnd: quiet hours must end at another hour than they start')).toEqual({
      field: 'quietEnd',
      text: 'Quiet hours must end at another hour than they start',
    });
    expect(fieldMessage('quietStart and quietEnd: give both hours for quiet hours, or both null for none')).toEqual({
      text: 'Give both hours for quiet hours, or both null for none',
    });
    expect(fieldMessage('That code is not right: 4 tries left')).toEqual({ text: 'That code is not right: 4 tries left' });
  });
});
