import PDFDocument from 'pdfkit';
import { calendarDay, money, vatRate, type Receipt } from './receipts';

const INK = '#1b1f24';
const MUTED = '#5b6472';
const RULE = '#d0d5dd';

/** Columns of the lines table: x and width on an A4 page with 50 pt margins (495 pt wide). */
const COLUMNS = {
  description: { x: 50, width: 185 },
  net: { x: 235, width: 95 },
  vat: { x: 340, width: 110 },
  gross: { x: 460, width: 85 },
};

/**
 * The receipt as an A4 PDF (pdfkit, the standard Helvetica faces: no font files, no browser).
 * Everything printed comes from the `Receipt`, which is what the receipt page shows too.
 */
export function renderReceiptPdf(receipt: Receipt): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${receipt.title} ${receipt.number}`, Author: receipt.seller.name, Subject: `Payment ${receipt.paymentId}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const top = 50;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(receipt.title, 50, top);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`Number ${receipt.number}`, 50, top + 30);
  doc.text(`Date ${calendarDay(receipt.issuedOn)}`);
  doc.text(`Reference ${receipt.paymentId}`);

  // Who sells, top right.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(receipt.seller.name, 300, top, { width: 245, align: 'right' });
  doc.font('Helvetica').fontSize(10);
  for (const line of receipt.seller.address) doc.text(line, { width: 245, align: 'right' });
  if (receipt.seller.vatNumber) doc.text(`VAT number ${receipt.seller.vatNumber}`, { width: 245, align: 'right' });

  // Who bought.
  const buyerTop = Math.max(doc.y, top + 80) + 24;
  doc.fillColor(MUTED).fontSize(9).text('BILLED TO', 50, buyerTop);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(receipt.buyer.name);
  doc.font('Helvetica').fontSize(10);
  for (const line of receipt.buyer.address) doc.text(line);

  // The lines.
  let y = doc.y + 30;
  doc.fillColor(MUTED).fontSize(9);
  cell(doc, 'DESCRIPTION', 'description', y);
  cell(doc, 'NET', 'net', y, 'right');
  cell(doc, `VAT ${vatRate(receipt.lines[0]?.vatRateBps ?? 0)}`, 'vat', y, 'right');
  cell(doc, 'TOTAL', 'gross', y, 'right');
  y += 16;
  rule(doc, y);
  doc.fillColor(INK).fontSize(10);
  for (const line of receipt.lines) {
    y += 8;
    cell(doc, line.description, 'description', y);
    cell(doc, money(line.netAmount, receipt.currency), 'net', y, 'right');
    cell(doc, money(line.vatAmount, receipt.currency), 'vat', y, 'right');
    cell(doc, money(line.grossAmount, receipt.currency), 'gross', y, 'right');
    y = Math.max(doc.y, y + 14) + 6;
    rule(doc, y);
  }

  // The totals.
  y += 12;
  const totals: Array<[string, string, boolean]> = [
    ['Net', money(receipt.netAmount, receipt.currency), false],
    [`VAT at ${vatRate(receipt.lines[0]?.vatRateBps ?? 0)}`, money(receipt.vatAmount, receipt.currency), false],
    ['Total paid', money(receipt.grossAmount, receipt.currency), true],
  ];
  for (const [label, amount, strong] of totals) {
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 12 : 10);
    doc.text(label, COLUMNS.vat.x, y, { width: COLUMNS.vat.width, align: 'right' });
    doc.text(amount, COLUMNS.gross.x, y, { width: COLUMNS.gross.width, align: 'right' });
    y += strong ? 20 : 16;
  }

  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`Paid in full on ${calendarDay(receipt.issuedOn)}. Thank you.`, 50, y + 24, { width: 495 });
  doc.end();
  return done;
}

function cell(doc: PDFKit.PDFDocument, text: string, column: keyof typeof COLUMNS, y: number, align: 'left' | 'right' = 'left') {
  doc.text(text, COLUMNS[column].x, y, { width: COLUMNS[column].width, align });
}

function rule(doc: PDFKit.PDFDocument, y: number) {
  doc.save().strokeColor(RULE).lineWidth(0.5).moveTo(50, y).lineTo(545, y).stroke().restore();
}
