import { describe, expect, it } from '@jest/globals';
import { erasedContact, erasedFields, postcodeDistrict } from './lead-erasure';

describe('lead erasure', () => {
  it('keeps a postcode’s district only', () => {
    expect(['SW1A 1AA', 'sw1a1aa', 'M1 1AE', 'M1', 'B33 8TH'].map(postcodeDistrict)).toEqual(['SW1A', 'SW1A', 'M1', 'M1', 'B33']);
    expect([null, '', 'nowhere'].map(postcodeDistrict)).toEqual([null, null, null]);
  });

  it('keeps numbers and choices, cuts postcodes, and drops text, emails, phones, dates and fields no column names', () => {
    const columns = [
      { key: 'name', type: 'text' as const },
      { key: 'email', type: 'email' as const },
      { key: 'mobile', type: 'phone' as const },
      { key: 'moving', type: 'date' as const },
      { key: 'post_code', type: 'postcode' as const },
      { key: 'roof', type: 'select' as const },
      { key: 'bedrooms', type: 'number' as const },
      { key: 'budget', type: 'number' as const },
    ];
    const fields = {
      name: 'Jo Bloggs',
      email: 'jo@example.com',
      mobile: '+447700900123',
      moving: '2027-01-01',
      post_code: 'SW1A 1AA',
      roof: 'flat',
      bedrooms: 3,
      budget: null,
      removed_column: 'Jo’s old note',
    };
    expect(erasedFields(columns, fields)).toEqual({ post_code: 'SW1A', roof: 'flat', bedrooms: 3, budget: null });
  });

  it('leaves nothing of the standard fields but the postcode’s district', () => {
    expect(erasedContact({ firstname: 'Jo', email: 'jo@example.com', phone1: '+447700900123', postcode: 'M1 1AE', country: 'UK' })).toEqual(
      {
        postcode: 'M1',
      },
    );
    expect(erasedContact({ firstname: 'Jo' })).toEqual({});
  });
});
