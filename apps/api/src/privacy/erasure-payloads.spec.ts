import { describe, expect, it } from '@jest/globals';
import { erasedActivityPayload, erasedLeadPayload } from './erasure-payloads';

const lead = {
  id: 'lead-1',
  postcode: 'M1',
  fields: { postcode: 'M1', roof: 'flat' },
  contact: { postcode: 'M1' },
  receivedAt: new Date(),
};

describe('erased event payloads', () => {
  it('gives a lead event what erasure left of the lead, and drops a report’s note', () => {
    const sent = {
      leadId: 'lead-1',
      deliveryId: 'd-1',
      postcode: 'M1 1AE',
      price: 1000,
      fields: { firstname: 'Jo', postcode: 'M1 1AE', roof: 'flat' },
      contact: { email: 'jo@example.com', postcode: 'M1 1AE' },
    };
    expect(erasedLeadPayload(sent, lead)).toEqual({ ...sent, postcode: 'M1', fields: lead.fields, contact: lead.contact });
    expect(erasedLeadPayload({ leadId: 'lead-1', reportId: 'r-1', reason: 'other', note: 'Jo moved' }, lead)).toEqual({
      leadId: 'lead-1',
      reportId: 'r-1',
      reason: 'other',
      note: null,
    });
  });

  it('leaves events with nothing personal alone', () => {
    expect(erasedLeadPayload({ leadId: 'lead-1', deliveries: [], previousBuyers: [] }, lead)).toBeNull();
    expect(erasedLeadPayload({ leadId: 'lead-1', reason: 'fake', note: null }, lead)).toBeNull();
    expect(erasedActivityPayload({ activityId: 'a', after: { reportId: 'r', note: null } })).toBeNull();
  });

  it('blanks the note of an activity event', () => {
    expect(
      erasedActivityPayload({ activityId: 'a', action: 'lead.reported', after: { leadId: 'l', note: 'Jo', overLimit: false } }),
    ).toEqual({
      activityId: 'a',
      action: 'lead.reported',
      after: { leadId: 'l', note: null, overLimit: false },
    });
  });
});
