import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Clock } from '../core/clock';
import type { DelayInjector } from '../core/delays';
import type { FailureInjector, InjectedError } from '../core/failures';
import { escapeHtml, page } from '../core/html';
import { uuid } from '../core/ids';
import type { Operation } from '../core/operations';
import {
  msDate,
  XeroNotFoundError,
  XeroValidationError,
  type ValidationFailure,
  type XeroAccounting,
  type XeroObject,
} from './xero-accounting';
import type { TokenError, TokenResponse, XeroAuth } from './xero-auth';

interface StoredReply {
  status: number;
  body: unknown;
}

/** Mutable API-side state: the rate-limit switch and windows, and Idempotency-Key replies. */
export class XeroRuntime {
  /** Calls per minute per tenant (Xero: 60). */
  perMinute = 60;
  readonly callLog = new Map<string, number[]>();
  readonly idempotent = new Map<string, StoredReply>();

  constructor(public rateLimit: boolean) {}

  reset(): void {
    this.callLog.clear();
    this.idempotent.clear();
  }
}

function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).json({ Type: null, Title: title, Status: status, Detail: detail, Instance: uuid(), Extensions: {} });
}

export function renderXeroFailure(res: Response, e: InjectedError): void {
  const status = e.status ?? 500;
  if (status === 429) {
    // An injected 429 may choose its Retry-After (seconds) through `code`; Xero's own is up to 60.
    res.set('Retry-After', e.code && /^\d+$/.test(e.code) ? e.code : '60').set('X-Rate-Limit-Problem', 'minute');
    res
      .status(429)
      .type('text/plain')
      .send(e.message ?? 'Rate limit exceeded');
    return;
  }
  if (status === 400) {
    res.status(400).json({
      ErrorNumber: 10,
      Type: e.type ?? 'ValidationException',
      Message: e.message ?? 'A validation exception occurred',
      Elements: [],
    });
    return;
  }
  problem(res, status, e.type ?? 'An error occurred', e.message ?? 'Internal error (injected by the sandbox)');
}

function validationBody(failures: ValidationFailure[]): unknown {
  return {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: failures.map((f) => ({ ...f.element, ValidationErrors: f.messages.map((Message) => ({ Message })) })),
  };
}

function isObject(v: unknown): v is XeroObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Xero accepts `{ "Contacts": [ ... ] }`, a bare array, or one bare object. */
function itemsOf(body: unknown, key: string): XeroObject[] {
  if (Array.isArray(body)) return body.filter(isObject);
  if (isObject(body)) {
    const list = body[key];
    if (Array.isArray(list)) return list.filter(isObject);
    return [body];
  }
  return [];
}

function basicAuth(req: Request): { id?: string; secret?: string } {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const [id, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return { id, secret: rest.join(':') };
  }
  const body: unknown = req.body;
  if (isObject(body)) {
    return {
      id: typeof body.client_id === 'string' ? body.client_id : undefined,
      secret: typeof body.client_secret === 'string' ? body.client_secret : undefined,
    };
  }
  return {};
}

function idParam(req: Request): string {
  const v = req.params.id;
  return typeof v === 'string' ? v : '';
}

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

export function xeroRouter(deps: {
  auth: XeroAuth;
  accounting: XeroAccounting;
  failures: FailureInjector;
  delays: DelayInjector;
  clock: Clock;
  runtime: XeroRuntime;
  providerName: string;
}): Router {
  const { auth, accounting, failures, delays, clock, runtime } = deps;
  const router = express.Router();
  const { callLog, idempotent } = runtime;
  router.use(express.urlencoded({ extended: false }));
  router.use(express.json({ limit: '5mb' }));

  // ------------------------------------------------------------ identity

  router.get('/identity/connect/authorize', (req, res) => {
    const clientId = query(req, 'client_id');
    const redirectUri = query(req, 'redirect_uri');
    const scope = query(req, 'scope') ?? '';
    const state = query(req, 'state') ?? '';
    if (!auth.clientIsKnown(clientId) || !redirectUri) {
      res
        .status(400)
        .type('html')
        .send(
          page(
            'Xero',
            '<h1>Sorry, something went wrong</h1><p id="error">unauthorized_client: Unknown client or client not enabled</p>',
            'Xero (sandbox)',
          ),
        );
      return;
    }
    if (query(req, 'response_type') !== 'code') {
      const u = new URL(redirectUri);
      u.searchParams.set('error', 'unsupported_response_type');
      if (state) u.searchParams.set('state', state);
      res.redirect(302, u.toString());
      return;
    }
    const scopes = scope
      .split(' ')
      .filter(Boolean)
      .map((s) => `<li>${escapeHtml(s)}</li>`)
      .join('');
    const hidden = (n: string, v: string): string => `<input type="hidden" name="${n}" value="${escapeHtml(v)}">`;
    res.type('html').send(
      page(
        'Xero | Authorise app',
        `<h1>LeadFlow wants to access <span id="org">${escapeHtml(auth.tenant.tenantName)}</span></h1>
         <p>This app will be able to:</p><ul>${scopes}</ul>
         <form method="post" action="/xero/identity/connect/authorize">
           ${hidden('client_id', clientId ?? '')}${hidden('redirect_uri', redirectUri)}${hidden('scope', scope)}${hidden('state', state)}
           <button type="submit" name="decision" value="allow" id="allow">Allow access</button>
           <button type="submit" name="decision" value="deny" class="secondary" id="cancel">Cancel</button>
         </form>`,
        'Xero (sandbox)',
      ),
    );
  });

  router.post('/identity/connect/authorize', (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body)) return void res.status(400).send('bad form');
    const field = (k: string): string => (typeof body[k] === 'string' ? String(body[k]) : '');
    const redirectUri = field('redirect_uri');
    const clientId = field('client_id');
    if (!auth.clientIsKnown(clientId) || !redirectUri) return void res.status(400).send('unknown client');
    const target = new URL(redirectUri);
    if (field('decision') === 'allow') target.searchParams.set('code', auth.issueCode(clientId, redirectUri, field('scope')));
    else target.searchParams.set('error', 'access_denied');
    if (field('state')) target.searchParams.set('state', field('state'));
    target.searchParams.set('session_state', uuid());
    res.redirect(302, target.toString());
  });

  router.post('/identity/connect/token', (req, res) => {
    if (failures.intercept('xero.token', res, renderXeroFailure)) return;
    const { id, secret } = basicAuth(req);
    const send = (r: TokenResponse | TokenError): void => {
      res.set('Cache-Control', 'no-store');
      res.status('error' in r ? 400 : 200).json(r);
    };
    if (!auth.clientIsValid(id, secret) || !id) return send({ error: 'invalid_client' });
    const body: unknown = req.body;
    if (!isObject(body)) return send({ error: 'invalid_request' });
    const grantType = body.grant_type;
    if (grantType === 'authorization_code' && typeof body.code === 'string') {
      return send(auth.exchangeCode(id, body.code, typeof body.redirect_uri === 'string' ? body.redirect_uri : undefined));
    }
    if (grantType === 'refresh_token' && typeof body.refresh_token === 'string') {
      return send(auth.refresh(id, body.refresh_token));
    }
    if (grantType === 'authorization_code' || grantType === 'refresh_token') return send({ error: 'invalid_request' });
    send({ error: 'unsupported_grant_type' });
  });

  // ------------------------------------------------------------ bearer-protected

  const bearer = (req: Request, res: Response, next: NextFunction): void => {
    const check = auth.check(req.headers.authorization);
    if (!check.ok) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      const detail =
        check.reason === 'expired' && check.expiredAt
          ? `TokenExpired: token expired at ${new Date(check.expiredAt * 1000).toISOString()}`
          : 'AuthenticationUnsuccessful';
      problem(res, 401, 'Unauthorized', detail);
      return;
    }
    res.locals.grant = check.grant;
    res.locals.tenantIds = check.tenantIds;
    next();
  };

  router.get('/connections', bearer, (_req, res) => {
    if (failures.intercept('xero.connections.list', res, renderXeroFailure)) return;
    const grant: unknown = res.locals.grant;
    const authEventId = isObject(grant) && typeof grant.authEventId === 'string' ? grant.authEventId : '';
    res.json(auth.connectionsFor(authEventId));
  });

  router.delete('/connections/:id', bearer, (req, res) => {
    const grant: unknown = res.locals.grant;
    const authEventId = isObject(grant) && typeof grant.authEventId === 'string' ? grant.authEventId : '';
    if (!auth.disconnect(idParam(req), authEventId)) return void res.status(404).json({ message: 'connection not found' });
    res.status(204).end();
  });

  const api = express.Router();
  router.use(
    '/api.xro/2.0',
    bearer,
    (req, res, next) => {
      const tenantId = req.header('xero-tenant-id');
      const tenantIds: unknown = res.locals.tenantIds;
      if (!tenantId || !Array.isArray(tenantIds) || !tenantIds.includes(tenantId)) {
        problem(res, 403, 'Forbidden', 'AuthorizationUnsuccessful');
        return;
      }
      res.locals.tenantId = tenantId;
      // Rate limit: a sliding minute per tenant, as Xero counts it.
      const now = clock.nowMs();
      const calls = (callLog.get(tenantId) ?? []).filter((t) => t > now - 60_000);
      callLog.set(tenantId, calls);
      if (runtime.rateLimit && calls.length >= runtime.perMinute) {
        const retryAfter = Math.max(1, Math.ceil((calls[0] + 60_000 - now) / 1000));
        res.set('Retry-After', String(retryAfter)).set('X-Rate-Limit-Problem', 'minute').set('X-MinLimit-Remaining', '0');
        res.status(429).type('text/plain').send('You have exceeded the rate limit. Retry after the time given in the Retry-After header.');
        return;
      }
      calls.push(now);
      res.set('X-MinLimit-Remaining', String(Math.max(0, runtime.perMinute - calls.length)));
      res.set('X-DayLimit-Remaining', '4999');
      res.set('X-AppMinLimit-Remaining', '9999');
      next();
    },
    api,
  );

  const envelope = (key: string, items: unknown[]): XeroObject => ({
    Id: uuid(),
    Status: 'OK',
    ProviderName: deps.providerName,
    DateTimeUTC: msDate(clock.nowMs()),
    [key]: items,
  });

  /** Runs a handler behind failure injection, Idempotency-Key replay and Xero's error shapes. */
  const handle = (op: Operation, fn: (req: Request) => StoredReply) => async (req: Request, res: Response) => {
    if (failures.intercept(op, res, renderXeroFailure)) return;
    // Held before: a caller that hangs up meanwhile never gets the call carried out.
    if (!(await delays.hold(op, 'before', res))) return;
    const key = req.header('idempotency-key');
    const scope = key ? `${String(res.locals.tenantId)}:${req.method}:${req.path.toLowerCase()}:${key}` : undefined;
    if (scope && (req.method === 'PUT' || req.method === 'POST')) {
      if (key && key.length > 128)
        return void res
          .status(400)
          .json({ ErrorNumber: 10, Type: 'ValidationException', Message: 'Idempotency-Key must be 128 characters or fewer', Elements: [] });
      const stored = idempotent.get(scope);
      if (stored) {
        if (!(await delays.hold(op, 'after', res))) return;
        res.set('Idempotent-Replayed', 'true');
        return void res.status(stored.status).json(stored.body);
      }
    }
    let reply: StoredReply;
    try {
      reply = fn(req);
    } catch (error) {
      if (error instanceof XeroValidationError) reply = { status: 400, body: validationBody(error.failures) };
      else if (error instanceof XeroNotFoundError)
        reply = { status: 404, body: { Title: 'Resource Not Found', Status: 404, Detail: error.message } };
      else throw error;
    }
    if (scope && (req.method === 'PUT' || req.method === 'POST')) idempotent.set(scope, reply);
    // Held after: the work is done and kept; the caller may hang up before hearing about it.
    if (!(await delays.hold(op, 'after', res))) return;
    res.status(reply.status).json(reply.body);
  };

  const summarize = (req: Request): boolean => query(req, 'summarizeErrors') !== 'false';
  const withErrors = (saved: XeroObject[], failures2: ValidationFailure[]): XeroObject[] => [
    ...saved.map((s) => ({ ...s, StatusAttributeString: 'OK' })),
    ...failures2.map((f) => ({
      ...f.element,
      HasValidationErrors: true,
      StatusAttributeString: 'ERROR',
      ValidationErrors: f.messages.map((Message) => ({ Message })),
    })),
  ];

  api.put(
    '/Contacts',
    handle('xero.contacts.create', (req) => {
      const { saved, failures: f } = accounting.saveContacts(itemsOf(req.body, 'Contacts'), 'create', summarize(req));
      return { status: 200, body: envelope('Contacts', withErrors(saved, f)) };
    }),
  );
  api.post(
    '/Contacts',
    handle('xero.contacts.create', (req) => {
      const { saved, failures: f } = accounting.saveContacts(itemsOf(req.body, 'Contacts'), 'upsert', summarize(req));
      return { status: 200, body: envelope('Contacts', withErrors(saved, f)) };
    }),
  );
  api.post(
    '/Contacts/:id',
    handle('xero.contacts.update', (req) => {
      accounting.getContact(idParam(req));
      const items = itemsOf(req.body, 'Contacts').map((c) => ({ ...c, ContactID: idParam(req) }));
      const { saved, failures: f } = accounting.saveContacts(items, 'upsert', summarize(req));
      return { status: 200, body: envelope('Contacts', withErrors(saved, f)) };
    }),
  );
  api.get(
    '/Contacts',
    handle('xero.contacts.list', (req) => {
      const page = query(req, 'page');
      const pageSize = query(req, 'pageSize');
      const list = accounting.listContacts({
        where: query(req, 'where'),
        ids: query(req, 'IDs')?.split(',').filter(Boolean),
        searchTerm: query(req, 'searchTerm'),
        includeArchived: query(req, 'includeArchived') === 'true',
        page: page ? Number(page) : undefined,
        pageSize: pageSize ? Number(pageSize) : undefined,
      });
      return { status: 200, body: envelope('Contacts', list) };
    }),
  );
  api.get(
    '/Contacts/:id',
    handle('xero.contacts.retrieve', (req) => ({ status: 200, body: envelope('Contacts', [accounting.getContact(idParam(req))]) })),
  );

  const createInvoices = handle('xero.invoices.create', (req) => {
    const { saved, failures: f } = accounting.createInvoices(itemsOf(req.body, 'Invoices'), summarize(req));
    return { status: 200, body: envelope('Invoices', withErrors(saved, f)) };
  });
  api.put('/Invoices', createInvoices);
  api.post('/Invoices', createInvoices);
  api.get(
    '/Invoices',
    handle('xero.invoices.list', (req) => ({ status: 200, body: envelope('Invoices', accounting.listInvoices(query(req, 'where'))) })),
  );
  api.get(
    '/Invoices/:id',
    handle('xero.invoices.retrieve', (req) => ({ status: 200, body: envelope('Invoices', [accounting.getInvoice(idParam(req))]) })),
  );

  const createCreditNotes = handle('xero.creditNotes.create', (req) => {
    const { saved, failures: f } = accounting.createCreditNotes(itemsOf(req.body, 'CreditNotes'), summarize(req));
    return { status: 200, body: envelope('CreditNotes', withErrors(saved, f)) };
  });
  api.put('/CreditNotes', createCreditNotes);
  api.post('/CreditNotes', createCreditNotes);
  api.get(
    '/CreditNotes',
    handle('xero.creditNotes.retrieve', (req) => ({
      status: 200,
      body: envelope('CreditNotes', accounting.listCreditNotes(query(req, 'where'))),
    })),
  );
  api.get(
    '/CreditNotes/:id',
    handle('xero.creditNotes.retrieve', (req) => ({
      status: 200,
      body: envelope('CreditNotes', [accounting.getCreditNote(idParam(req))]),
    })),
  );

  api.put(
    '/CreditNotes/:id/Allocations',
    handle('xero.creditNotes.allocate', (req) => {
      const { saved, failures: f } = accounting.allocateCreditNote(idParam(req), itemsOf(req.body, 'Allocations'), summarize(req));
      return { status: 200, body: envelope('Allocations', withErrors(saved, f)) };
    }),
  );

  // PUT and POST both create (Xero updates a payment only to delete it, which the sandbox does not emulate).
  const createPayments = handle('xero.payments.create', (req) => {
    const { saved, failures: f } = accounting.createPayments(itemsOf(req.body, 'Payments'), summarize(req));
    return { status: 200, body: envelope('Payments', withErrors(saved, f)) };
  });
  api.put('/Payments', createPayments);
  api.post('/Payments', createPayments);
  api.get(
    '/Payments',
    handle('xero.payments.list', (req) => ({ status: 200, body: envelope('Payments', accounting.listPayments(query(req, 'where'))) })),
  );
  api.get(
    '/Payments/:id',
    handle('xero.payments.retrieve', (req) => ({ status: 200, body: envelope('Payments', [accounting.getPayment(idParam(req))]) })),
  );

  api.get('/Organisation', (_req, res) => {
    res.json(
      envelope('Organisations', [
        {
          OrganisationID: auth.tenant.tenantId,
          Name: auth.tenant.tenantName,
          LegalName: auth.tenant.tenantName,
          BaseCurrency: 'GBP',
          CountryCode: 'GB',
          IsDemoCompany: true,
          OrganisationStatus: 'ACTIVE',
          Version: 'GB',
          OrganisationType: 'COMPANY',
          Timezone: 'GMTUKTIME',
        },
      ]),
    );
  });

  api.use((req, res) => {
    problem(res, 404, 'Resource Not Found', `The sandbox does not emulate ${req.method} ${req.path}`);
  });

  return router;
}
