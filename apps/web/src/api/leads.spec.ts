import { describe, expect, it } from '@jest/globals';
import type { LeadColumnDto, LeadSummaryDto } from '@leadflow/api-client';
import { contactBeyond, leadColumnsFor, leadValues } from './leads';

const columns: LeadColumnDto[] = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
];

const lead = (over: Partial<LeadSummaryDto> = {}): LeadSummaryDto => ({
  id: '6f1c2d34-0000-4000-8000-000000000001',
  deliveryId: '6f1c2d34-0000-4000-8000-000000000002',
  postcode: 'M1 1AE',
  status: 'delivered',
  price: 2500,
  currency: 'GBP',
  deliveredAt: '2026-12-01T10:00:00.000Z',
  fields: { firstname: 'Ann', phone1: '+447700900123', roof_type: 'pitched' },
  contact: {
    firstname: 'Ann',
    phone1: '+447700900123',
    street1: '12 High Street',
    street2: 'Flat 3',
    towncity: 'Manchester',
    county: 'Greater Manchester',
    postcode: 'M1 1AE',
  },
  reportStatus: null,
  reportNote: null,
  erasedAt: null,
  ...over,
});

describe('a lead as the SPA shows it', () => {
  it('shows the industry’s columns, then the standard fields it has no column for, in LeadByte’s order', () => {
    const values = leadValues(lead());
    expect(leadColumnsFor(values, columns).map((c) => [c.label, values[c.key]])).toEqual([
      ['First name', 'Ann'],
      ['Phone', '+447700900123'],
      ['Roof type', 'pitched'],
      ['Address line 1', '12 High Street'],
      ['Address line 2', 'Flat 3'],
      ['Town or city', 'Manchester'],
      ['County', 'Greater Manchester'],
      ['Postcode', 'M1 1AE'],
    ]);
  });

  it('lists for admins the standard fields beyond the lead’s columns', () => {
    expect(contactBeyond(lead().contact, ['firstname', 'phone1', 'postcode']).map((c) => `${c.label}: ${c.value}`)).toEqual([
      'Address line 1: 12 High Street',
      'Address line 2: Flat 3',
      'Town or city: Manchester',
      'County: Greater Manchester',
    ]);
  });
});
