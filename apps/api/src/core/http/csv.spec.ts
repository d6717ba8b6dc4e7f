import { describe, expect, it } from '@jest/globals';
import { csvFile, safeCell } from './csv';

async function text(file: ReturnType<typeof csvFile>): Promise<string> {
  let out = '';
  for await (const chunk of file.getStream()) out += String(chunk);
  return out;
}

describe('safeCell', () => {
  it.each(['=SUM(A1:A2)', '@cmd', '\tx', '\rx', '+cmd|" /C calc"!A0', '-2+3', '=HYPERLINK("http://evil")'])('defuses %j', (value) => {
    expect(safeCell(value)).toBe(`'${value}`);
  });

  it.each(['-12.50', '+447700900123', '+44 7700 900123', '+44 (0) 7700 900123', 'Jo Bloggs', '', 'M1 1AA', '3 = 3'])(
    'keeps %j',
    (value) => {
      expect(safeCell(value)).toBe(value);
    },
  );
});

describe('csvFile', () => {
  it('writes the header, quotes where needed and defuses every cell', async () => {
    async function* rows() {
      yield ['1', 'a, b'];
      yield ['=1+1', 'say "hi"'];
    }
    expect(await text(csvFile('x.csv', ['n', 'text'], rows()))).toBe(`n,text\n1,"a, b"\n'=1+1,"say ""hi"""\n`);
  });
});
