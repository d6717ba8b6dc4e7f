/**
 * A mobile number as people type it, in E.164: UK mobiles as "07700 900123", "+44 7700 900123" or
 * "0044 7700 900123" (spaces, dashes, dots and brackets ignored) become +447700900123; any other
 * number already in international form (+ and 8 to 15 digits) is kept. Null: not a mobile number
 * we can text (a UK landline, letters, too short).
 */
export function mobileNumber(raw: string): string | null {
  const compact = raw.replace(/[\s\-().]/g, '');
  const uk = /^(?:\+44|0044|0)(7\d{9})$/.exec(compact);
  if (uk) return `+44${uk[1]}`;
  if (/^(?:\+44|0044|0)\d+$/.test(compact)) return null; // a UK number, but not a mobile
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  return null;
}

/** "+447700900123" → "+44 7••• •••123": enough to recognise one's own number, not to read it. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '•••';
  return `${phone.slice(0, 3)} ${phone.slice(3, 4)}••• •••${phone.slice(-3)}`;
}
