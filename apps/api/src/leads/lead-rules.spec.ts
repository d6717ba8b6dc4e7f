import { inArea, inSchedule, localTime, staticEligibility, type BuyerRules } from './eligibility';
import { describeLead, duplicateKeysOf, normaliseUkPhone, validateLead, validateLeadFields } from './lead-fields';

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
    const { values, problems } = validateLeadFields(columns, {
      firstname: ' Ann ',
      email: 'ANN@Example.com',
      phone1: '07700 900123',
      postcode: 'sw1a1aa',
      roof_type: 'Pitched',
      value: '£250,000',
      move_date: '2026-12-01',
    });
    expect(problems).toEqual([]);
    expect(values).toEqual({
      firstname: 'Ann',
      email: 'ann@example.com',
      phone1: '+447700900123',
      postcode: 'SW1A 1AA',
      roof_type: 'pitched',
      value: 250000,
      move_date: '2026-12-01',
    });
  });

  it('names every field that fails', () => {
    const { problems } = validateLeadFields(columns, {
      email: 'nope',
      phone1: '12345',
      postcode: 'XX',
      roof_type: 'thatched',
      value: 'lots',
      move_date: '01/12/2026',
    });
    expect(problems.map((p) => p.field)).toEqual(['firstname', 'email', 'phone1', 'postcode', 'roof_type', 'value', 'move_date']);
  });

  it.each([
    ['+44 7700 900123', '+447700900123'],
    ['0044 20 7946 0000', '+442079460000'],
    ['(020) 7946-0000', '+442079460000'],
    ['07700900123', '+447700900123'],
    ['447700900123', '+447700900123'],
    ['44 7700 900124', '+447700900124'],
    ['44-7700-900125', '+447700900125'],
    ['+44 (0)7700 900126', '+447700900126'],
    ['0044 (0) 20 7946 0001', '+442079460001'],
    ['+4407700900127', '+447700900127'],
    ['(+44) 7700 900128', '+447700900128'],
    ['07700.900.129', '+447700900129'],
    [' 0161 496 0000 ', '+441614960000'],
  ])('reads %p as %p', (input, expected) => expect(normaliseUkPhone(input)).toBe(expected));

  it.each([
    '12345',
    '+1 415 555 0100',
    '00000000000',
    '+440000000000',
    '7700900123',
    '+44 7700 9001',
    '4477009001234567',
    '+33 6 12 34 56 78',
  ])('refuses %p as a UK phone', (input) => expect(normaliseUkPhone(input)).toBeNull());

  it.each([
    ['an object', { first: 'Ann' }, 'not an object'],
    ['a list', ['Ann'], 'not a list'],
    ['a boolean', true, 'not true or false'],
  ])('refuses %s in a text field, naming it', (_kind, value, says) => {
    const { values, problems } = validateLeadFields(columns, {
      firstname: value,
      email: 'a@b.co',
      phone1: '07700900123',
      postcode: 'M1 1AE',
      roof_type: 'flat',
    });
    expect(problems).toEqual([{ field: 'firstname', message: `firstname must be a single value (text or a number), ${says}` }]);
    expect(values.firstname).toBeUndefined();
  });

  it('takes numbers as text where LeadByte sends them so', () => {
    const { values, problems } = validateLeadFields(columns, {
      firstname: 42,
      email: 'a@b.co',
      phone1: 447700900123,
      postcode: 'M1 1AE',
      roof_type: 'flat',
      value: 250000,
    });
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ firstname: '42', phone1: '+447700900123', value: 250000 });
  });

  it('keeps the standard fields of every lead beside the industry’s columns, normalised', () => {
    const { values, contact, postcode, problems } = validateLead(columns.slice(0, 2), {
      firstname: ' Ann ',
      email: ' ANN@Example.com ',
      phone1: '44 7700 900123',
      phone2: '020 7946 0000',
      street1: ' 12  High Street ',
      street2: 'Flat 3',
      towncity: 'Manchester',
      county: 'Greater Manchester',
      postcode: 'm1 1ae',
      dob: '01/02/1980',
      data1: 'not a standard field',
    });
    expect(problems).toEqual([]);
    expect(values).toEqual({ firstname: 'Ann', email: 'ann@example.com' });
    expect(contact).toEqual({
      firstname: 'Ann',
      email: 'ann@example.com',
      phone1: '+447700900123',
      phone2: '+442079460000',
      street1: '12 High Street',
      street2: 'Flat 3',
      towncity: 'Manchester',
      county: 'Greater Manchester',
      postcode: 'M1 1AE',
      dob: '1980-02-01',
    });
    expect(postcode).toBe('M1 1AE');
  });

  it('names a bad standard field once, under the industry column when there is one', () => {
    const { problems } = validateLead(columns, {
      firstname: 'Ann',
      email: 'a@b.co',
      phone1: '123',
      postcode: 'M1 1AE',
      roof_type: 'flat',
      street1: { line: 1 },
      phone2: 'nope',
      dob: '31/02/1980',
      county: 'x'.repeat(101),
    });
    expect(problems.map((p) => p.field)).toEqual(['phone1', 'phone2', 'street1', 'county', 'dob']);
  });

  it('keys duplicates by the normalised phone and the normalised email, each on its own', () => {
    const a = duplicateKeysOf('ind', columns, {}, validateLead([], { email: ' Ann@Example.COM ', phone1: '07700 900123' }).contact);
    const sameEmail = duplicateKeysOf('ind', columns, {}, validateLead([], { email: 'ann@example.com', phone1: '07700 900999' }).contact);
    const samePhone = duplicateKeysOf(
      'ind',
      columns,
      {},
      validateLead([], { email: 'other@example.com', phone1: '+44 7700 900123' }).contact,
    );
    expect(sameEmail.email).toBe(a.email);
    expect(sameEmail.phone).not.toBe(a.phone);
    expect(samePhone.phone).toBe(a.phone);
    expect(duplicateKeysOf('other industry', columns, {}, validateLead([], { email: 'ann@example.com' }).contact).email).not.toBe(a.email);
    expect(duplicateKeysOf('ind', [], {}, {})).toEqual({ phone: null, email: null });
  });

  it('describes a lead: the industry’s columns, then the standard fields it has no column for', () => {
    expect(
      describeLead(
        columns.slice(0, 2),
        { firstname: 'Ann', email: null },
        { firstname: 'Ann', street1: '12 High Street', towncity: 'Manchester' },
      ),
    ).toEqual([
      { label: 'First name', value: 'Ann' },
      { label: 'Address line 1', value: '12 High Street' },
      { label: 'Town or city', value: 'Manchester' },
    ]);
  });
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

  const rules: BuyerRules = {
    postcodeAreas: ['M1'],
    deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    deliveryStartMinute: 8 * 60,
    deliveryEndMinute: 20 * 60,
    timeZone: 'Europe/London',
    paused: false,
  };

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
