import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** How long a code works, how many wrong tries it takes, and how soon another may be asked for. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;
export const RESEND_AFTER_MS = 30_000;
/** Codes a client's people may have texted in an hour, all numbers together (each costs us a text). */
export const CODES_PER_CLIENT_PER_HOUR = 10;

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Stored instead of the code: keyed by the number, so the same code on two numbers hashes apart. */
export function codeHash(numberId: string, code: string): string {
  return createHash('sha256').update(`${numberId}:${code.trim()}`).digest('hex');
}

export function codeMatches(numberId: string, code: string, stored: string): boolean {
  return timingSafeEqual(Buffer.from(codeHash(numberId, code), 'hex'), Buffer.from(stored, 'hex'));
}
