import { describe, expect, it } from '@jest/globals';
import { telHref, ukPhone } from './phone';

describe('phone numbers on screen', () => {
  it('shows UK numbers as people write them', () => {
    expect(ukPhone('+447700900123')).toBe('07700 900123');
    expect(ukPhone('02079460018')).toBe('020 7946 0018');
    expect(ukPhone('+1 415 555 0100')).toBe('+1 415 555 0100');
  });

  it('links them to call', () => {
    expect(telHref('07700 900123')).toBe('tel:+447700900123');
    expect(telHref('+44 7700 900123')).toBe('tel:+447700900123');
    expect(telHref('0044 20 7946 0018')).toBe('tel:+442079460018');
    expect(telHref('+1 415 555 0100')).toBe('tel:+14155550100');
    expect(telHref('call me')).toBeNull();
  });
});
