import { Payment } from './entities/payment.entity';
import { buildReceipt, ownReceiptNumber, paymentDescription } from './receipts';

const client = { businessName: 'Acme Roofing Ltd', addressLine1: '2 Low Road', addressLine2: null, town: 'Leeds', postcode: 'LS1 1AA' };
const seller = { name: 'LeadFlow Ltd', address: ['1 High Street', 'London'], vatNumber: 'GB123456789' };

function payment(overrides: Partial<Payment> = {}): Payment {
  return Object.assign(new Payment(), {
    id: '7a1e0c1e-1111-4222-8333-944455556666',
    clientId: 'c',
    kind: 'manual_top_up',
    status: 'succeeded',
    netAmount: 5_000,
    vatAmount: 1_000,
    grossAmount: 6_000,
    vatRateBps: 2_000,
    currency: 'GBP',
    xeroInvoiceNumber: null,
    periodStart: null,
    periodEnd: null,
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    settledAt: new Date('2026-05-31T23:30:00Z'),
    createdAt: new Date('2026-05-31T23:29:00Z'),
    ...overrides,
  });
}

describe('receipts', () => {
  it('is numbered by Xero once mirrored, by our own reference before', () => {
    expect(buildReceipt(payment({ xeroInvoiceNumber: 'INV-0042' }), client, seller, 'Europe/London').number).toBe('INV-0042');
    expect(buildReceipt(payment(), client, seller, 'Europe/London').number).toBe('LF-7A1E0C1E11');
    expect(ownReceiptNumber('7a1e0c1e-1111-4222-8333-944455556666')).toBe('LF-7A1E0C1E11');
  });

  it('is dated the day the money was taken, in the business time zone', () => {
    expect(buildReceipt(payment(), client, seller, 'Europe/London').issuedOn).toBe('2026-06-01');
    expect(buildReceipt(payment(), client, seller, 'UTC').issuedOn).toBe('2026-05-31');
  });

  it('is a VAT receipt only when we have a VAT number', () => {
    expect(buildReceipt(payment(), client, seller, 'UTC').title).toBe('VAT receipt');
    const plain = buildReceipt(payment(), client, { ...seller, vatNumber: null }, 'UTC');
    expect(plain.title).toBe('Receipt');
    expect(plain.seller.vatNumber).toBeNull();
  });

  it('prints the client’s address without empty lines, and what was bought', () => {
    const r = buildReceipt(payment({ kind: 'auto_charge' }), client, seller, 'UTC');
    expect(r.buyer).toEqual({ name: 'Acme Roofing Ltd', address: ['2 Low Road', 'Leeds', 'LS1 1AA'], vatNumber: null });
    expect(r.lines).toEqual([
      { description: 'LeadFlow credits (auto-charge)', netAmount: 5_000, vatRateBps: 2_000, vatAmount: 1_000, grossAmount: 6_000 },
    ]);
    expect(paymentDescription({ kind: 'weekly_request', periodStart: '2026-03-02', periodEnd: '2026-03-08' })).toBe(
      'Leads delivered 2 Mar 2026 – 8 Mar 2026',
    );
  });
});
