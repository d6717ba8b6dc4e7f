import type { NextFunction, Request, Response } from 'express';
import type { Clock } from './clock';

export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  durationMs?: number;
}

const KEPT_HEADERS = [
  'content-type',
  'idempotency-key',
  'stripe-version',
  'user-agent',
  'xero-tenant-id',
  'authorization',
  'x_key',
  'x-key',
];

function mask(name: string, value: string): string {
  if (name === 'authorization') {
    const [scheme, token = ''] = value.split(' ');
    return `${scheme} ${token.slice(0, 12)}…`;
  }
  if (name === 'x_key' || name === 'x-key') return `${value.slice(0, 4)}…`;
  return value;
}

/** Keeps the last `limit` requests (secrets masked) for `GET /_sandbox/requests`. */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limit = 2000,
  ) {}

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (req.path.startsWith('/_sandbox') || req.path.startsWith('/inbox')) return next();
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = mask(name, v);
      }
      const entry: RecordedRequest = {
        seq: ++this.seq,
        at: new Date(this.clock.nowMs()).toISOString(),
        method: req.method,
        path: req.path,
        query: { ...(req.query as Record<string, unknown>) },
        headers,
        body: undefined,
      };
      const started = Date.now();
      this.entries.push(entry);
      if (this.entries.length > this.limit) this.entries.shift();
      res.on('finish', () => {
        entry.status = res.statusCode;
        entry.durationMs = Date.now() - started;
        // Body parsers run after this middleware; read the parsed body once the request ends.
        entry.body = res.locals.loggedBody ?? (req.body as unknown);
      });
      next();
    };
  }

  list(filter?: { pathPrefix?: string }): RecordedRequest[] {
    return this.entries.filter((e) => !filter?.pathPrefix || e.path.startsWith(filter.pathPrefix));
  }

  clear(): void {
    this.entries = [];
  }
}
