import { describe, expect, it } from '@jest/globals';
import { supplierCurl } from './supplier-sample';

describe('supplierCurl', () => {
  it('posts to the ingest URL with the campaign id and a sample of each required field', () => {
    const curl = supplierCurl('https://leadflow.example', 'c0ffee00-0000-4000-8000-000000000001', {
      leadColumns: [
        { key: 'firstname', label: 'First name', type: 'text', required: true },
        { key: 'phone1', label: 'Phone', type: 'phone', required: true },
        { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
        { key: 'notes', label: 'Notes', type: 'text', required: false },
      ],
    });
    expect(curl).toContain(`curl -X POST 'https://leadflow.example/api/leads/ingest'`);
    expect(curl).toContain(`-H 'X-Api-Key: SUPPLIER_KEY'`);
    const json = JSON.parse(curl.slice(curl.indexOf('{'), curl.lastIndexOf('}') + 1)) as { campaignId: string; fields: object };
    expect(json.campaignId).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(json.fields).toEqual({ firstname: 'Ann', phone1: '07700900123', roof_type: 'pitched' });
  });
});
