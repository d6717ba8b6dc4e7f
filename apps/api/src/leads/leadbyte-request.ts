import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import type { ErrorAnswerFields } from '../core/http/all-exceptions.filter';
import { stripLeadText } from './lead-text';

/** The longest `lead_id` kept; a longer one is refused rather than cut (two cut ids could meet). */
export const LEAD_ID_MAX_LENGTH = 100;
/** Lead URL tokens are base64url (`clients.inbound_token`, at most 64 characters). */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const INBOUND_PATH = /^\/api\/leads\/inbound(?:[/?#]|$)/;

const invalid = (message: string, field?: string) =>
  new BadRequestException({ message, code: 'invalid_payload', ...(field ? { details: [{ field, messages: [message] }] } : {}) });

/** A token that no buyer can have answers unknown_buyer without a lookup. */
export function assertLeadUrlToken(token: string): void {
  if (!TOKEN.test(token)) throw new NotFoundException({ message: 'No buyer has this lead URL', code: 'unknown_buyer' });
}

/**
 * LeadByte's post as a lead, before the buyer's columns are checked: one object (JSON or form
 * fields); `lead_id` a string or a number of at most LEAD_ID_MAX_LENGTH characters, or absent (an
 * empty one counts as absent); text stripped of invisible control characters (lead-text.ts).
 */
export function readLeadbyteLead(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) throw invalid('The body is empty: send the lead as a JSON object or as form fields');
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('Send one lead as a JSON object (or as form fields), not an array');
  const { lead_id: raw, ...fields } = body as Record<string, unknown>;
  const leadId = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : raw;
  if (leadId === undefined || leadId === null || leadId === '') return stripLeadText(fields);
  if (typeof leadId !== 'string') throw invalid('lead_id must be a string or a number', 'lead_id');
  if (leadId.length > LEAD_ID_MAX_LENGTH) throw invalid(`lead_id must be at most ${LEAD_ID_MAX_LENGTH} characters`, 'lead_id');
  return { ...stripLeadText(fields), lead_id: leadId };
}

/** Codes for error answers that carry none of their own, by status. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'unknown_buyer',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_payload',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Every error answer of the LeadByte URL — broken JSON, too large, wrong media type, rate limited,
 * our own failures — also says `result: 'rejected'` and a `code`, since LeadByte's response rules
 * read those; the common error shape stays as it is.
 */
export const leadbyteErrorFields: ErrorAnswerFields = (req: Request, error, code) => {
  if (!INBOUND_PATH.test(req.originalUrl)) return null;
  return {
    result: 'rejected',
    code: code ?? CODE_BY_STATUS[error.statusCode] ?? (error.statusCode >= 500 ? 'internal_error' : 'bad_request'),
  };
};
