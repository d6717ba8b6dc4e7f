import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { DelayInjector } from '../core/delays';
import type { FailureInjector } from '../core/failures';
import { randomHex } from '../core/ids';
import { messageResource, type SmsMessage } from './message';
import type { TwilioStore } from './twilio-store';
import { API_VERSION, renderTwilioFailure, sendTwilioError, TwilioApiError } from './wire';

type Form = Record<string, string | string[] | undefined>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function notFound(res: Response): void {
  sendTwilioError(res, new TwilioApiError(404, 20404, `The requested resource ${String(res.locals.twilioPath)} was not found`));
}

/** HTTP Basic with the account's sid and auth token, and only that account's resources. */
function authenticate(store: TwilioStore): RequestHandler {
  return (req, res, next) => {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const ok =
      colon > 0 &&
      decoded.slice(0, colon) === store.accountSid &&
      decoded.slice(colon + 1) === store.authToken &&
      req.params.AccountSid === store.accountSid;
    if (!ok) return sendTwilioError(res, new TwilioApiError(401, 20003, 'Authenticate'));
    next();
  };
}

/** Twilio's list envelope; pages are numbered (`Page`, `PageSize`), newest message first. */
function page(store: TwilioStore, req: Request): Record<string, unknown> {
  const to = queryString(req, 'To');
  const from = queryString(req, 'From');
  const size = Math.min(1000, Math.max(1, Math.trunc(Number(queryString(req, 'PageSize') ?? 50)) || 50));
  const number = Math.max(0, Math.trunc(Number(queryString(req, 'Page') ?? 0)) || 0);
  const all = store.list({ to, from });
  const start = number * size;
  const items = all.slice(start, start + size);
  const uri = (p: number): string => {
    const query = new URLSearchParams({
      ...(to ? { To: to } : {}),
      ...(from ? { From: from } : {}),
      PageSize: String(size),
      Page: String(p),
    });
    return `/${API_VERSION}/Accounts/${store.accountSid}/Messages.json?${query.toString()}`;
  };
  return {
    end: items.length > 0 ? start + items.length - 1 : start,
    first_page_uri: uri(0),
    messages: items.map(messageResource),
    next_page_uri: start + size < all.length ? uri(number + 1) : null,
    page: number,
    page_size: size,
    previous_page_uri: number > 0 ? uri(number - 1) : null,
    start,
    uri: uri(number),
  };
}

/** Programmable Messaging at `/twilio` (stands in for https://api.twilio.com): create, fetch and list Messages. */
export function twilioApiRouter(store: TwilioStore, failures: FailureInjector, delays: DelayInjector): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    res.set('Twilio-Request-Id', `RQ${randomHex(16)}`);
    res.locals.twilioPath = req.path;
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const account = express.Router({ mergeParams: true });
  router.use(`/${API_VERSION}/Accounts/:AccountSid`, authenticate(store), account);

  account.post('/Messages.json', async (req, res) => {
    if (failures.intercept('twilio.messages.create', res, renderTwilioFailure)) return;
    if (!(await delays.hold('twilio.messages.create', 'before', res))) return;
    const form = (req.body ?? {}) as Form;
    let message: SmsMessage;
    try {
      message = store.send({
        to: field(form, 'To'),
        from: field(form, 'From'),
        messagingServiceSid: field(form, 'MessagingServiceSid'),
        body: field(form, 'Body'),
        statusCallback: field(form, 'StatusCallback'),
      });
    } catch (error) {
      if (error instanceof TwilioApiError) return sendTwilioError(res, error);
      throw error;
    }
    if (await delays.hold('twilio.messages.create', 'after', res)) res.status(201).json(messageResource(message));
  });

  account.get('/Messages.json', (req, res) => {
    if (failures.intercept('twilio.messages.list', res, renderTwilioFailure)) return;
    res.json(page(store, req));
  });

  account.get('/Messages/:Sid.json', (req, res) => {
    if (failures.intercept('twilio.messages.fetch', res, renderTwilioFailure)) return;
    const message = store.get(req.params.Sid);
    if (!message) return notFound(res);
    res.json(messageResource(message));
  });

  router.use((_req, res) => notFound(res));
  return router;
}
