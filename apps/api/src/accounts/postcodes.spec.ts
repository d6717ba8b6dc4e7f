import { businessNameKey, normalisePostcode, normalisePostcodeArea } from './postcodes';

describe('postcodes', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    [' SW1A  1AA ', 'SW1A 1AA'],
    ['m1 1ae', 'M1 1AE'],
    ['B338TH', 'B33 8TH'],
    ['EC1A 1BB', 'EC1A 1BB'],
  ])('normalises the postcode %p to %p', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each(['', 'SW1A', '12345', 'SW1A 1A', 'Q', 'SW1A 1AAA'])('refuses %p as a postcode', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });

  it.each([
    ['sw', 'SW'],
    [' sw1a ', 'SW1A'],
    ['m1 1', 'M1 1'],
    ['B33', 'B33'],
  ])('normalises the area %p to %p', (input, expected) => {
    expect(normalisePostcodeArea(input)).toBe(expected);
  });

  it.each(['', '1', 'SWA1', 'SW 1', 'SW1A 1AA', 'ABC'])('refuses %p as an area', (input) => {
    expect(normalisePostcodeArea(input)).toBeNull();
  });

  it('treats business names that differ only in case and spacing as the same', () => {
    expect(businessNameKey('  Acme   Solar Ltd ')).toBe(businessNameKey('ACME SOLAR LTD'));
  });
});
