/** GSM 03.38 basic character set (one septet each); the escape character itself is not a text character. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each is sent as ESC + a septet, so it counts two. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
}

/** Pack units into parts of `perPart` without splitting one character across two parts, as handsets do. */
function pack(units: number[], single: number, perPart: number): number {
  const total = units.reduce((sum, n) => sum + n, 0);
  if (total <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > perPart) {
      parts += 1;
      used = 0;
    }
    used += n;
  }
  return parts;
}

/**
 * How many SMS segments a body costs, the way Twilio counts `num_segments`: GSM-7 when every
 * character is in the GSM alphabet (160 alone, 153 per part of a long text — the rest is the UDH),
 * otherwise UCS-2 (70 alone, 67 per part; a character outside the BMP takes two code units).
 */
export function countSegments(body: string): SegmentCount {
  const chars = [...body];
  if (chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c))) {
    return {
      encoding: 'GSM-7',
      segments: pack(
        chars.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1)),
        160,
        153,
      ),
    };
  }
  return {
    encoding: 'UCS-2',
    segments: pack(
      chars.map((c) => c.length),
      70,
      67,
    ),
  };
}
