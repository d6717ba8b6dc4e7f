import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { FieldErrorDto } from './error-response.dto';

/** The largest body any route reads (JSON or form fields). */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** The deepest nesting of objects and arrays a body may have; no route needs more than a few levels. */
export const MAX_BODY_DEPTH = 32;

const MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'];
/** PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate is not Unicode text (it cannot be written as UTF-8). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNREADABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_PROBLEMS = 20;

/**
 * Body parsing for every route, in one place: JSON and form fields up to BODY_LIMIT_BYTES, and
 * before any route sees a body —
 * - a body in another media type: 415 (it would otherwise reach the route as no body at all);
 * - the parsers' own errors as HttpExceptions with a `code` (`invalid_json`, `payload_too_large`,
 *   `unsupported_media_type`), so routes that answer with codes can tell broken JSON from other 400s;
 * - a NUL character or a lone surrogate in any key or string value of the body or the query
 *   string, or nesting deeper than MAX_BODY_DEPTH: 400 naming each place (validation would otherwise crash on the depth, and
 *   PostgreSQL on the text).
 */
export function configureBodyParsing(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { extended: true, limit: BODY_LIMIT_BYTES, depth: MAX_BODY_DEPTH });
  app.use(parserErrors);
  app.use(checkBody);
}

function parserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next(err instanceof HttpException ? err : toHttpException(err));
}

/** body-parser's errors (http-errors with a `type`) as our exceptions; anything else as it was. */
export function toHttpException(err: unknown): unknown {
  const { type, message } = (err ?? {}) as { type?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : 'unknown error';
  switch (type) {
    case 'entity.parse.failed':
      return new BadRequestException({ message: `The body is not valid JSON: ${text}`, code: 'invalid_json' });
    case 'entity.too.large':
      return new PayloadTooLargeException({ message: `The body is larger than ${BODY_LIMIT_BYTES / 1024} kB`, code: 'payload_too_large' });
    case 'parameters.too.many':
      return new PayloadTooLargeException({ message: 'The body has too many form fields', code: 'payload_too_large' });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException({ message: `${text}: send UTF-8`, code: 'unsupported_media_type' });
    case 'querystring.parse.rangeError':
      return new BadRequestException({
        message: `The form fields are nested more than ${MAX_BODY_DEPTH} levels deep`,
        code: 'invalid_payload',
      });
    default:
      return err;
  }
}

function checkBody(req: Request, _res: Response, next: NextFunction): void {
  if (!req.originalUrl.startsWith('/api/')) return next();
  const length = req.headers['content-length'];
  const hasContent = req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (hasContent && !req.is(MEDIA_TYPES)) {
    return next(
      new UnsupportedMediaTypeException({
        message: `Send the body as JSON (application/json) or form fields (application/x-www-form-urlencoded), not ${req.header('content-type') ?? 'an unnamed type'}`,
        code: 'unsupported_media_type',
      }),
    );
  }
  const body: unknown = req.body;
  // The query string too: `?search=%00` would otherwise reach PostgreSQL as NUL.
  const problems = [
    ...unreadableParts(req.query).map((p) => ({ ...p, field: `query.${p.field}` })),
    ...(typeof body === 'object' && body !== null ? unreadableParts(body) : []),
  ];
  if (problems.length === 0) return next();
  next(new BadRequestException({ message: problems.flatMap((p) => p.messages).join('; '), code: 'invalid_payload', details: problems }));
}

/** Where a parsed body holds text that cannot be stored or nesting deeper than MAX_BODY_DEPTH (the first MAX_PROBLEMS). */
export function unreadableParts(value: unknown): FieldErrorDto[] {
  const problems: FieldErrorDto[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    const name = path || 'the body';
    if (typeof v === 'string') {
      const bad = describe(v);
      if (bad) problems.push({ field: name, messages: [`${name} contains ${bad}`] });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ field: name, messages: [`${name} is nested more than ${MAX_BODY_DEPTH} levels deep`] });
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const bad = describe(key);
      if (bad) {
        problems.push({ field: name, messages: [`a key in ${name} contains ${bad}`] });
        continue;
      }
      visit(child, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  visit(value, '', 0);
  return problems;
}

function describe(text: string): string | null {
  const found = UNREADABLE.exec(text);
  if (!found) return null;
  if (found[0] === '\u0000') return 'a NUL character (\\u0000), which cannot be stored';
  return `a lone UTF-16 surrogate (\\u${found[0].charCodeAt(0).toString(16).toUpperCase()}), which is not text`;
}
