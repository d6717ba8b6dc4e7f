import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ErrorResponseDto, FieldErrorDto } from './error-response.dto';
import { ValidationFailedException } from './validation';

const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03', '08006', '08001']);

/** By shape, not by class: errors raised by Node's sockets may come from another realm than our `Error`. */
function isDbUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && DB_UNAVAILABLE.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/.test(message);
}

/**
 * What a route family adds to its error answers (e.g. the LeadByte URL's `result` and `code`), or
 * null for other requests. `code` is the exception's own (`new BadRequestException({ message, code })`).
 */
export type ErrorAnswerFields = (req: Request, error: ErrorResponseDto, code: string | undefined) => Record<string, unknown> | null;

/** Every error leaves as { statusCode, error, message, details? } — never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly extraFields: ErrorAnswerFields[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const error = this.toBody(exception);
    const req = http.getRequest<Request>();
    const code = exception instanceof HttpException ? ownCode(exception.getResponse()) : undefined;
    const extra = this.extraFields.reduce<Record<string, unknown> | null>((found, fields) => found ?? fields(req, error, code), null);
    const body = extra ? { ...error, ...extra } : error;
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (res.headersSent) return;
    // A handler may have set its own type (e.g. the CSV export's @Header) before failing: errors are always JSON.
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      let details: FieldErrorDto[] | undefined = exception instanceof ValidationFailedException ? exception.details : undefined;
      if (!details && typeof response === 'object' && response !== null && Array.isArray((response as { details?: unknown }).details)) {
        details = (response as { details: FieldErrorDto[] }).details;
      }
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(details ? { details } : {}) };
    }
    // Errors from Express middleware (body-parser's http-errors: 413 too large, 400 bad JSON, 415 charset) carry their own 4xx status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (
      exception instanceof Error &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500 &&
      (exception as { expose?: unknown }).expose === true
    ) {
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: exception.message };
    }
    if (isDbUnavailable(exception) || (exception instanceof QueryFailedError && isDbUnavailable(exception.driverError))) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly',
      };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side' };
  }
}

function ownCode(response: unknown): string | undefined {
  const code = typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
