import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';

/**
 * One cell as a spreadsheet may read it: never as a formula. Lead fields and descriptions come
 * from the public and from integrators, and a cell starting `=`, `@`, a tab or a return (or a sign
 * followed by anything but a plain number: `-2+3`, `+cmd|…`) would run when the file is opened.
 * Those get a leading `'`; numbers, phone numbers ("+44 7700 900123") and amounts ("-12.50") stay.
 */
export function safeCell(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][\d\s().]*$/.test(value)) return `'${value}`;
  return value;
}

/**
 * A CSV download streamed as it is read: `rows` may be any length (the repository reads in
 * batches), each cell through `safeCell`, quoted where it must be (csv-stringify).
 */
export function csvFile(filename: string, header: string[], rows: AsyncIterable<string[]>): StreamableFile {
  const csv = stringify({ header: true, columns: header, cast: { string: safeCell } });
  // pipeline ends the download (and logs nothing twice) if reading fails half-way.
  const out = pipeline(Readable.from(rows), csv, () => undefined);
  return new StreamableFile(out, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
}
