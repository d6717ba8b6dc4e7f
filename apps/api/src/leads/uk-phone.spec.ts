import { describe, expect, it } from '@jest/globals';
import { ukPhone } from './uk-phone';

describe('ukPhone', () => {
  it.each([
    ['07700900123', '07700 900123'],
    ['+447700900123', '07700 900123'],
    ['+44 (0)7700 900123', '07700 900123'],
    ['0044 7700 900 123', '07700 900123'],
    ['02079460018', '020 7946 0018'],
    ['01614960000', '0161 496 0000'],
    ['01134960000', '0113 496 0000'],
    ['01632960123', '01632 960123'],
    ['03001234567', '0300 123 4567'],
  ])('%s → %s', (raw, shown) => expect(ukPhone(raw)).toBe(shown));

  it.each(['+1 415 555 0100', 'call me', '12345', ''])('leaves %j as it came', (raw) => expect(ukPhone(raw)).toBe(raw));
});
