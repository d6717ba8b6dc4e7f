import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, page content stream by stream, one string per shown line: enough to
 * check what a receipt says. Reads what pdfkit writes with its standard fonts (Flate-compressed
 * content streams, hex strings in `TJ` arrays, WinAnsi codes); not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const dict = match[1] ?? '';
    const start = (match.index ?? 0) + match[0].length;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    if (!Number.isFinite(length)) continue;
    let body = pdf.subarray(start, start + length);
    if (/\/FlateDecode/.test(dict)) {
      try {
        body = inflateSync(body);
      } catch {
        continue; // not a content stream we can read (an image, a font)
      }
    }
    for (const shown of body.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const parts = [...(shown[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1] ?? '', 'hex').toString('latin1'));
      lines.push(parts.join(''));
    }
  }
  return lines;
}
