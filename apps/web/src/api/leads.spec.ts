import { describe, expect, it } from '@jest/globals';
import type { LeadColumnDto, LeadSummaryDto } from '@leadflow/api-client';
import { contactBeyond, leadColumnsFor, leadsCsv, leadValues } from './leads';

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

  it('exports the address in the CSV, a column for each standard field any lead has', () => {
    const csv = leadsCsv(
      [
        lead(),
        lead({ contact: { firstname: 'Bob', phone2: '+442079460000' }, fields: { firstname: 'Bob', phone1: null, roof_type: 'flat' } }),
      ],
      columns,
    );
    const [head, ann, bob] = csv.trimEnd().split('\r\n');
    expect(head).toBe(
      'Delivered,Status,Report,Price,Currency,Postcode,First name,Phone,Roof type,Other phone,Address line 1,Address line 2,Town or city,County,Postcode,Lead ID',
    );
    expect(ann).toBe(
      '2026-12-01T10:00:00.000Z,Delivered,,25.00,GBP,M1 1AE,Ann,+447700900123,pitched,,12 High Street,Flat 3,Manchester,Greater Manchester,M1 1AE,6f1c2d34-0000-4000-8000-000000000001',
    );
    expect(bob).toContain(',Bob,,flat,+442079460000,,,,,,');
  });
});
