import { describe, expect, it } from '@jest/globals';
import { parseAliases } from './industry-form';

describe('parseAliases', () => {
  it('reads option = alias, alias; option = alias', () => {
    expect(parseAliases('pitched = Pitched - tiles, Pitched - slate; mixed = Mixed pitched and flat')).toEqual({
      pitched: ['Pitched - tiles', 'Pitched - slate'],
      mixed: ['Mixed pitched and flat'],
    });
  });

  it('skips what names no alias', () => {
    expect(parseAliases(' ; flat = ; = x ')).toEqual({});
  });
});
