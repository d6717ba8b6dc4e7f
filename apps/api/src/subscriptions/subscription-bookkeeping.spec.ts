import type { InvoiceLine } from './entities/subscription-invoice.entity';
import { xeroLinesOf } from './subscription-bookkeeping';

const line = (quantity: number, unitNet: number, net: number): InvoiceLine => ({
  description: 'x',
  quantity,
  unitNet,
  net,
  vatRateBps: 2000,
  vat: Math.round(net * 0.2),
  gross: net + Math.round(net * 0.2),
});

describe('xeroLinesOf', () => {
  it('keeps quantity and net unit amount (in pounds) when they make the net', () => {
    expect(xeroLinesOf([line(2, 1_000, 2_000)], '200', 'OUTPUT2')).toEqual([
      { description: 'x', quantity: 2, unitAmount: 10, accountCode: '200', taxType: 'OUTPUT2' },
    ]);
  });

  it('sends a prorated line whose unit was rounded as one unit of its exact net, so the totals match ours', () => {
    // 2 seats prorated to £10.01: £5.005 a seat is stored rounded to £5.01, which would make £10.02 in Xero.
    const [sent] = xeroLinesOf([line(2, 501, 1_001)], '201', 'OUTPUT2');
    expect(sent).toEqual({ description: 'x', quantity: 1, unitAmount: 10.01, accountCode: '201', taxType: 'OUTPUT2' });
    expect(Math.round(sent!.quantity * sent!.unitAmount * 100)).toBe(1_001);
  });
});
