import PDFDocument from 'pdfkit';
import { calendarDay, money, vatRate, type Receipt, type ReceiptLine, type ReceiptParty } from './receipts';

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

/** A VAT document (receipt, invoice, credit note) as the PDF prints it: facts only, no layout. */
export interface VatDocument {
  title: string;
  number: string;
  /** Under the number: dates and references ("Date 4 Dec 2026", "Tax point …"). */
  facts: string[];
  subject: string;
  seller: ReceiptParty;
  buyer: ReceiptParty;
  buyerHeading: string;
  currency: string;
  lines: Array<Pick<ReceiptLine, 'description' | 'netAmount' | 'vatRateBps' | 'vatAmount' | 'grossAmount'>>;
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  totalLabel: string;
  footer: string | null;
}

/** The receipt as an A4 PDF. Everything printed comes from the `Receipt`, which is what the receipt page shows too. */
export function renderReceiptPdf(receipt: Receipt): Promise<Buffer> {
  return renderVatDocumentPdf({
    title: receipt.title,
    number: receipt.number,
    facts: [`Date ${calendarDay(receipt.issuedOn)}`, `Reference ${receipt.paymentId}`],
    subject: `Payment ${receipt.paymentId}`,
    seller: receipt.seller,
    buyer: receipt.buyer,
    buyerHeading: 'BILLED TO',
    currency: receipt.currency,
    lines: receipt.lines,
    netAmount: receipt.netAmount,
    vatAmount: receipt.vatAmount,
    grossAmount: receipt.grossAmount,
    totalLabel: 'Total paid',
    footer: `Paid in full on ${calendarDay(receipt.issuedOn)}. Thank you.`,
  });
}

/** A VAT document as an A4 PDF (pdfkit, the standard Helvetica faces: no font files, no browser). */
export function renderVatDocumentPdf(d: VatDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${d.title} ${d.number}`, Author: d.seller.name, Subject: d.subject },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const top = 50;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(d.title, 50, top);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`Number ${d.number}`, 50, top + 30);
  for (const fact of d.facts) doc.text(fact);
  const factsEnd = doc.y;

  // Who sells, top right.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(d.seller.name, 300, top, { width: 245, align: 'right' });
  doc.font('Helvetica').fontSize(10);
  for (const line of d.seller.address) doc.text(line, { width: 245, align: 'right' });
  if (d.seller.vatNumber) doc.text(`VAT number ${d.seller.vatNumber}`, { width: 245, align: 'right' });

  // Who buys.
  const buyerTop = Math.max(doc.y, factsEnd, top + 80) + 24;
  doc.fillColor(MUTED).fontSize(9).text(d.buyerHeading, 50, buyerTop);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(d.buyer.name);
  doc.font('Helvetica').fontSize(10);
  for (const line of d.buyer.address) doc.text(line);

  // The lines.
  const rate = vatRate(d.lines[0]?.vatRateBps ?? 0);
  let y = doc.y + 30;
  doc.fillColor(MUTED).fontSize(9);
  cell(doc, 'DESCRIPTION', 'description', y);
  cell(doc, 'NET', 'net', y, 'right');
  cell(doc, `VAT ${rate}`, 'vat', y, 'right');
  cell(doc, 'TOTAL', 'gross', y, 'right');
  y += 16;
  rule(doc, y);
  doc.fillColor(INK).fontSize(10);
  for (const line of d.lines) {
    y += 8;
    cell(doc, line.description, 'description', y);
    const after = doc.y;
    cell(doc, money(line.netAmount, d.currency), 'net', y, 'right');
    cell(doc, money(line.vatAmount, d.currency), 'vat', y, 'right');
    cell(doc, money(line.grossAmount, d.currency), 'gross', y, 'right');
    y = Math.max(after, doc.y, y + 14) + 6;
    rule(doc, y);
  }

  // The totals.
  y += 12;
  const totals: Array<[string, string, boolean]> = [
    ['Net', money(d.netAmount, d.currency), false],
    [`VAT at ${rate}`, money(d.vatAmount, d.currency), false],
    [d.totalLabel, money(d.grossAmount, d.currency), true],
  ];
  for (const [label, amount, strong] of totals) {
    doc.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 12 : 10);
    doc.text(label, COLUMNS.vat.x, y, { width: COLUMNS.vat.width, align: 'right' });
    doc.text(amount, COLUMNS.gross.x, y, { width: COLUMNS.gross.width, align: 'right' });
    y += strong ? 20 : 16;
  }

  if (d.footer)
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(MUTED)
      .text(d.footer, 50, y + 24, { width: 495 });
  doc.end();
  return done;
}

function cell(doc: PDFKit.PDFDocument, text: string, column: keyof typeof COLUMNS, y: number, align: 'left' | 'right' = 'left') {
  doc.text(text, COLUMNS[column].x, y, { width: COLUMNS[column].width, align });
}

function rule(doc: PDFKit.PDFDocument, y: number) {
  doc.save().strokeColor(RULE).lineWidth(0.5).moveTo(50, y).lineTo(545, y).stroke().restore();
}
