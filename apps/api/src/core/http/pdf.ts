import { StreamableFile } from '@nestjs/common';

/** A PDF download (an attachment named `filename`). */
export function pdfFile(filename: string, pdf: Buffer): StreamableFile {
  return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
}
