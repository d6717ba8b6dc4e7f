/**
 * Characters taken out of a lead's text before it is validated: C0 and C1 control characters other
 * than tab, line feed and carriage return, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). They arrive from copy-paste and broken forms, are invisible, and
 * the bidi ones can make a name or an email read differently on screen and in exports than what is
 * stored ("Trojan Source"). Stripping them keeps a paid-for lead instead of refusing it for
 * something nobody typed on purpose. NUL and lone surrogates never get here: they are refused with
 * the field named (core/http/request-body.ts), since they mean broken data, not stray formatting.
 * The right-to-left and left-to-right marks (U+200E, U+200F) stay: real right-to-left names use them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE_CONTROLS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/** A lead's fields with their text values stripped (see above); other values, and the fields named in `except`, as they are. */
export function stripLeadText(fields: Record<string, unknown>, except: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === 'string' && !except.includes(key) ? stripControlCharacters(value) : value,
    ]),
  );
}
