import { inArea, inSchedule, localTime, staticEligibility, type BuyerRules } from './eligibility';
import { normaliseUkPhone, validateLeadFields } from './lead-fields';

describe('lead fields', () => {
  const columns = [
    { key: 'firstname', label: 'First name', type: 'text' as const, required: true },
    { key: 'email', label: 'Email', type: 'email' as const, required: true },
    { key: 'phone1', label: 'Phone', type: 'phone' as const, required: true },
    { key: 'postcode', label: 'Postcode', type: 'postcode' as const, required: true },
    { key: 'roof_type', label: 'Roof', type: 'select' as const, required: true, options: ['pitched', 'flat'] },
    { key: 'value', label: 'Value', type: 'number' as const, required: false },
    { key: 'move_date', label: 'Move', type: 'date' as const, required: false },
  ];

  it('normalises phones to E.164, emails and postcodes, and select values to their option', () => {
    const { values, problems } = validateLeadFields(columns, { firstname: ' Ann ', email: 'ANN@Example.com', phone1: '07700 900123', postcode: 'sw1a1aa', roof_type: 'Pitched', value: '£250,000', move_date: '2026-12-01' });
    expect(problems).toEqual([]);
    expect(values).toEqual({ firstname: 'Ann', email: 'ann@example.com', phone1: '+447700900123', postcode: 'SW1A 1AA', roof_type: 'pitched', value: 250000, move_date: '2026-12-01' });
  });

  it('names every field that fails', () => {
    const { problems } = validateLeadFields(columns, { email: 'nope', phone1: '12345', postcode: 'XX', roof_type: 'thatched', value: 'lots', move_date: '01/12/2026' });
    expect(problems.map((p) => p.field)).toEqual(['firstname', 'email', 'phone1', 'postcode', 'roof_type', 'value', 'move_date']);
  });

  it.each([
    ['+44 7700 900123', '+447700900123'],
    ['0044 20 7946 0000', '+442079460000'],
    ['(020) 7946-0000', '+442079460000'],
    ['07700900123', '+447700900123'],
  ])('reads %p as %p', (input, expected) => expect(normaliseUkPhone(input)).toBe(expected));

  it.each(['12345', '+1 415 555 0100', '00000000000', '+4407700900123'])('refuses %p as a UK phone', (input) => expect(normaliseUkPhone(input)).toBeNull());
});

describe('eligibility', () => {
  it('matches postcodes to areas, districts and sectors', () => {
    expect(inArea('SW1A 1AA', ['SW'])).toBe(true);
    expect(inArea('SW1A 1AA', ['SW1A'])).toBe(true);
    expect(inArea('SW1A 1AA', ['SW1A 1'])).toBe(true);
    expect(inArea('SW1A 1AA', ['SW1A 2'])).toBe(false);
    expect(inArea('SW1A 1AA', ['S'])).toBe(false);
    expect(inArea('S1 2AB', ['S'])).toBe(true);
    expect(inArea('SW1A 1AA', ['SW1'])).toBe(false);
  });

  it('reads the local day and time in the buyer’s time zone, across the clock change', () => {
    expect(localTime(new Date('2026-07-06T07:30:00Z'), 'Europe/London')).toEqual({ day: 'mon', minute: 8 * 60 + 30, date: '2026-07-06' }); // BST
    expect(localTime(new Date('2026-12-07T07:30:00Z'), 'Europe/London')).toEqual({ day: 'mon', minute: 7 * 60 + 30, date: '2026-12-07' }); // GMT
    expect(localTime(new Date('2026-12-06T23:30:00Z'), 'Asia/Tokyo').day).toBe('mon');
  });

  const rules: BuyerRules = { postcodeAreas: ['M1'], deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri'], deliveryStartMinute: 8 * 60, deliveryEndMinute: 20 * 60, timeZone: 'Europe/London', paused: false };

  it('respects the schedule at a fixed clock', () => {
    expect(inSchedule(new Date('2026-07-06T07:00:00Z'), rules)).toBe(true); // Mon 08:00 BST
    expect(inSchedule(new Date('2026-07-06T06:59:00Z'), rules)).toBe(false); // Mon 07:59 BST
    expect(inSchedule(new Date('2026-07-06T19:00:00Z'), rules)).toBe(false); // Mon 20:00 BST: end is exclusive
    expect(inSchedule(new Date('2026-07-05T12:00:00Z'), rules)).toBe(false); // Sunday
  });

  it('gives the first reason a buyer cannot take a lead', () => {
    const monday = new Date('2026-07-06T10:00:00Z');
    expect(staticEligibility('M1 1AE', rules, monday)).toBeNull();
    expect(staticEligibility('M1 1AE', { ...rules, paused: true }, monday)).toBe('paused');
    expect(staticEligibility('LS1 1AA', rules, monday)).toBe('out_of_area');
    expect(staticEligibility('M1 1AE', rules, new Date('2026-07-05T10:00:00Z'))).toBe('outside_schedule');
  });
});
