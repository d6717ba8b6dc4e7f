import { describe, expect, it } from '@jest/globals';
import type { LeadColumn } from '../catalog';
import { leadsCsvColumns, type LeadExportRow } from './leads-csv';

const lead: LeadExportRow = {
  id: 'lead-1',
  deliveredAt: new Date('2026-12-01T10:00:00Z'),
  status: 'delivered',
  reportStatus: null,
  price: 2500,
  currency: 'GBP',
  postcode: 'M1 1AA',
  fields: { full_name: 'Jo Bloggs', phone: '+447700900123' },
  contact: { postcode: 'M1 1AA', towncity: 'Manchester', phone1: '07700900123' },
  erasedAt: null,
};

const col = (key: string, label: string, type: LeadColumn['type']): LeadColumn => ({ key, label, type, required: false });

describe('leadsCsvColumns', () => {
  it('has one Postcode column when the industry has a postcode column of its own', () => {
    const columns = leadsCsvColumns([col('full_name', 'Name', 'text'), col('postcode', 'Postcode', 'postcode')]);
    expect(columns.filter((c) => c.label === 'Postcode')).toHaveLength(1);
    expect(columns.find((c) => c.label === 'Postcode')!.value(lead)).toBe('M1 1AA');
  });

  it('has one Postcode column when the industry calls its postcode column something else', () => {
    const labels = leadsCsvColumns([col('post_code', 'Postcode', 'postcode')]).map((c) => c.label);
    expect(labels.filter((l) => l === 'Postcode')).toHaveLength(1);
  });

  it('adds the lead’s postcode when the industry has no postcode column', () => {
    const columns = leadsCsvColumns([col('full_name', 'Name', 'text')]);
    expect(columns.filter((c) => c.label === 'Postcode').map((c) => c.value(lead))).toEqual(['M1 1AA']);
  });

  it('shows phones as UK numbers, the industry’s and the standard ones', () => {
    const columns = leadsCsvColumns([col('phone', 'Mobile', 'phone')]);
    expect(columns.find((c) => c.label === 'Mobile')!.value(lead)).toBe('07700 900123');
    expect(columns.find((c) => c.label === 'Phone')!.value(lead)).toBe('07700 900123');
  });

  it('starts with the delivery and ends with the lead id, in words', () => {
    const columns = leadsCsvColumns([]);
    expect(columns.slice(0, 5).map((c) => [c.label, c.value(lead)])).toEqual([
      ['Delivered', '2026-12-01T10:00:00.000Z'],
      ['Status', 'Delivered'],
      ['Report', ''],
      ['Price', '25.00'],
      ['Currency', 'GBP'],
    ]);
    expect(columns.at(-1)!.label).toBe('Lead ID');
  });

  it('marks an erased lead’s personal cells "(erased)" and keeps its postcode district, choices and numbers', () => {
    const columns = leadsCsvColumns([
      col('full_name', 'Name', 'text'),
      col('postcode', 'Postcode', 'postcode'),
      { ...col('roof', 'Roof', 'select'), options: ['flat'] },
      col('bedrooms', 'Bedrooms', 'number'),
    ]);
    const erased: LeadExportRow = {
      ...lead,
      postcode: 'M1',
      fields: { postcode: 'M1', roof: 'flat', bedrooms: 3 },
      contact: { postcode: 'M1' },
      erasedAt: new Date('2027-12-01T00:00:00Z'),
    };
    const cells = Object.fromEntries(columns.map((c) => [c.label, c.value(erased)]));
    expect(cells).toMatchObject({ Name: '(erased)', Postcode: 'M1', Roof: 'flat', Bedrooms: '3', Phone: '(erased)', Email: '(erased)' });
    expect(cells['Town or city']).toBe('(erased)');
  });
});
