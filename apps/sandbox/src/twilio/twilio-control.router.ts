import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { FailureInjector } from '../core/failures';
import { messageSummary, SETTABLE_STATUSES, type MessageStatus } from './message';
import { TwilioControlError, type TwilioStore } from './twilio-store';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isHttpUrl(v: unknown): v is string {
  return typeof v === 'string' && /^https?:\/\/\S+$/.test(v);
}

type Handler = (req: Request, res: Response) => unknown;

/** Answers a TwilioControlError as `{ error }` (400, or 404 for an unknown message). */
function handle(fn: Handler): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  return async (req, res, next) => {
    try {
      await fn(req, res);
    } catch (error) {
      if (!(error instanceof TwilioControlError)) return next(error);
      res.status(error.notFound ? 404 : 400).json({ error: error.message });
    }
  };
}

function bad(message: string): never {
  throw new TwilioControlError(message);
}

/** `/_sandbox/twilio/...`: look inside the Twilio emulator, text it from a handset, make it fail. */
export function twilioControlRouter(store: TwilioStore, failures: FailureInjector): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/messages', (req, res) => {
    const messages = store.list({ to: optionalString(req.query.to), from: optionalString(req.query.from) });
    res.json({ messages: messages.map(messageSummary) });
  });

  router.get(
    '/messages/:sid',
    handle((req, res) => {
      const message = store.get(String(req.params.sid));
      if (!message) throw new TwilioControlError(`no such message: ${String(req.params.sid)}`, true);
      res.json(messageSummary(message));
    }),
  );

  router.post(
    '/messages/:sid/callback',
    handle(async (req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body) || !SETTABLE_STATUSES.includes(body.status as MessageStatus))
        bad(`expected { status, errorCode? } with status one of: ${SETTABLE_STATUSES.join(', ')}`);
      const errorCode = body.errorCode === undefined ? undefined : Number(body.errorCode);
      if (errorCode !== undefined && !(Number.isInteger(errorCode) && errorCode > 0)) bad('errorCode must be a positive integer');
      const { message, callback } = await store.setStatus(String(req.params.sid), body.status as MessageStatus, errorCode);
      res.json({ message: messageSummary(message), callback });
    }),
  );

  router.get('/callbacks', (req, res) => {
    const sid = optionalString(req.query.messageSid);
    const kind = optionalString(req.query.kind);
    res.json({ callbacks: store.callbacks().filter((c) => (!sid || c.messageSid === sid) && (!kind || c.kind === kind)) });
  });

  router.post(
    '/inbound',
    handle(async (req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body) || typeof body.from !== 'string' || typeof body.body !== 'string') bad('expected { from, to?, body }');
      if (body.to !== undefined && typeof body.to !== 'string') bad('to must be a string');
      res.json(await store.inbound({ from: body.from, to: body.to, body: body.body }));
    }),
  );

  router.post(
    '/inbound-url',
    handle((req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body) || (body.url !== null && !isHttpUrl(body.url))) bad('expected { url } (an http(s) URL, or null to stop posting)');
      store.setInboundUrl(body.url ?? undefined);
      res.json({ url: store.getInboundUrl() });
    }),
  );

  router.get('/opt-outs', (_req, res) => {
    res.json({ optOuts: store.optOutList() });
  });

  router.post(
    '/fail',
    handle((req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body)) bad('expected { count?, code, status?, message?, stage?, finalStatus? }');
      const count = body.count === undefined ? 1 : Number(body.count);
      if (!Number.isInteger(count) || count < 1) bad('count must be a positive integer');
      const code = Number(body.code);
      if (!Number.isInteger(code) || code < 1) bad('code must be a Twilio error code (a positive integer)');
      const message =
        body.message === undefined ? undefined : typeof body.message === 'string' ? body.message : bad('message must be a string');
      const stage = body.stage ?? 'create';
      if (stage === 'create') {
        const status = body.status === undefined ? 400 : Number(body.status);
        if (!Number.isInteger(status) || status < 400 || status > 599) bad('status must be 400..599');
        failures.add({
          operation: 'twilio.messages.create',
          remaining: count,
          mode: 'error',
          timeoutMs: 0,
          error: { status, code: String(code), message },
        });
      } else if (stage === 'delivery') {
        const finalStatus = body.finalStatus ?? 'undelivered';
        if (finalStatus !== 'undelivered' && finalStatus !== 'failed') bad("finalStatus must be 'undelivered' or 'failed'");
        store.armDeliveryFailure({ remaining: count, code, message, finalStatus });
      } else {
        bad("stage must be 'create' or 'delivery'");
      }
      res.status(201).json({
        create: failures.list().filter((f) => f.operation === 'twilio.messages.create'),
        delivery: store.armedDeliveryFailures(),
      });
    }),
  );

  router.get('/settings', (_req, res) => {
    res.json({ statusDelayMs: store.statusDelayMs, inboundUrl: store.getInboundUrl() });
  });

  router.post(
    '/settings',
    handle((req, res) => {
      const body: unknown = req.body;
      if (!isRecord(body)) bad('expected { statusDelayMs? }');
      if (body.statusDelayMs !== undefined) {
        const ms = Number(body.statusDelayMs);
        if (!Number.isFinite(ms) || ms < 0 || ms > 600_000) bad('statusDelayMs must be between 0 and 600000');
        store.statusDelayMs = ms;
      }
      res.json({ statusDelayMs: store.statusDelayMs, inboundUrl: store.getInboundUrl() });
    }),
  );

  router.post('/idle', async (_req, res) => {
    await store.idle();
    res.json({ ok: true });
  });

  return router;
}
