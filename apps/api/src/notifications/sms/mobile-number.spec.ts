import { maskPhone, mobileNumber } from './mobile-number';

describe('mobileNumber', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['0044-7700-900-123', '+447700900123'],
    ['(07700) 900.123', '+447700900123'],
    ['+353 85 123 4567', '+353851234567'],
  ])('reads %s as %s', (raw, e164) => expect(mobileNumber(raw)).toBe(e164));

  it.each(['020 7946 0018', '+44 161 496 0000', '0770090012', 'call me', '+0 1234 5678', '', '+1234'])('refuses %s', (raw) =>
    expect(mobileNumber(raw)).toBeNull(),
  );
});

describe('maskPhone', () => {
  it('keeps the country code and the last three digits', () => expect(maskPhone('+447700900123')).toBe('+44 7••• •••123'));
});
