import express, { type Request, type Response, type Router } from 'express';
import type Stripe from 'stripe';
import type { Clock } from '../core/clock';
import { delayControlRouter, type DelayInjector } from '../core/delays';
import type { FailureInjector } from '../core/failures';
import { isOperation, OPERATIONS } from '../core/operations';
import { Prng } from '../core/prng';
import type { RequestLog } from '../core/request-log';
import { leadbyteControlRouter, type LeadByteService } from '../leadbyte/leadbyte';
import type { MailStore } from '../mail/mail-store';
import type { OidcProvider } from '../oidc/oidc-provider';
import { oidcControlRouter } from '../oidc/oidc.router';
import type { StripeService } from '../stripe/stripe.service';
import type { DeliveryAttempt, WebhookDispatcher } from '../stripe/webhooks';
import type { XeroAccounting } from '../xero/xero-accounting';
import type { XeroAuth } from '../xero/xero-auth';
import type { XeroRuntime } from '../xero/xero.router';

export interface ControlDeps {
  clock: Clock;
  failures: FailureInjector;
  delays: DelayInjector;
  requests: RequestLog;
  mail: MailStore;
  stripe: StripeService;
  dispatcher: WebhookDispatcher;
  xeroAuth: XeroAuth;
  xero: XeroAccounting;
  xeroRuntime: XeroRuntime;
  leadbyte: LeadByteService;
  oidc: OidcProvider;
  reset: () => void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(res: Response, message: string): void {
  res.status(400).json({ error: message });
}

/** `/_sandbox/...`: what tests and demos use to steer the emulators and look inside them. */
export function controlRouter(d: ControlDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/operations', (_req, res) => {
    res.json({ operations: OPERATIONS });
  });

  router.post('/fail', (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!isRecord(body)) return bad(res, 'expected a JSON object');
    if (!isOperation(body.operation)) return bad(res, `unknown operation; one of: ${OPERATIONS.join(', ')}`);
    const count = body.count === undefined ? 1 : Number(body.count);
    if (!Number.isInteger(count) || count < 1) return bad(res, 'count must be a positive integer');
    const mode = body.mode ?? 'error';
    if (mode !== 'error' && mode !== 'timeout') return bad(res, "mode must be 'error' or 'timeout'");
    const e = isRecord(body.error) ? body.error : {};
    const status = e.status === undefined ? undefined : Number(e.status);
    if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599))
      return bad(res, 'error.status must be 400..599');
    const timeoutMs = body.timeoutMs === undefined ? 30_000 : Number(body.timeoutMs);
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) return bad(res, 'timeoutMs must be a non-negative number');
    d.failures.add({
      operation: body.operation,
      remaining: count,
      mode,
      timeoutMs,
      error: {
        status,
        type: typeof e.type === 'string' ? e.type : undefined,
        code: typeof e.code === 'string' ? e.code : undefined,
        message: typeof e.message === 'string' ? e.message : undefined,
      },
    });
    res.status(201).json({ armed: d.failures.list() });
  });

  router.get('/fail', (_req, res) => {
    res.json({ armed: d.failures.list() });
  });

  router.delete('/fail', (_req, res) => {
    d.failures.clear();
    res.json({ armed: [] });
  });

  router.use('/delay', delayControlRouter(d.delays));

  router.get('/state', (_req, res) => {
    res.json({
      clock: { offsetSeconds: d.clock.offsetSeconds(), now: new Date(d.clock.nowMs()).toISOString() },
      stripe: d.stripe.state(),
      xero: {
        ...d.xeroAuth.state(),
        rateLimit: d.xeroRuntime.rateLimit,
        contacts: [...d.xero.contacts.values()],
        invoices: [...d.xero.invoices.values()],
        creditNotes: [...d.xero.creditNotes.values()],
        payments: [...d.xero.payments.values()],
      },
      leadbyte: { buyers: [...d.leadbyte.buyers.values()], deliveries: [...d.leadbyte.deliveries.values()] },
      oidc: d.oidc.state(),
      mail: { messages: d.mail.list().length },
      failures: d.failures.list(),
      delays: { armed: d.delays.list(), held: d.delays.held() },
    });
  });

  router.get('/requests', (req, res) => {
    const prefix = typeof req.query.pathPrefix === 'string' ? req.query.pathPrefix : undefined;
    res.json({ data: d.requests.list({ pathPrefix: prefix }) });
  });

  router.delete('/requests', (_req, res) => {
    d.requests.clear();
    res.json({ data: [] });
  });

  router.get('/clock', (_req, res) => {
    res.json({ offsetSeconds: d.clock.offsetSeconds(), now: new Date(d.clock.nowMs()).toISOString() });
  });

  router.post('/clock', (req, res) => {
    const body: unknown = req.body;
    const offset = isRecord(body) ? Number(body.offsetSeconds) : NaN;
    if (!Number.isFinite(offset)) return bad(res, 'offsetSeconds must be a number');
    d.clock.setOffsetSeconds(offset);
    res.json({ offsetSeconds: d.clock.offsetSeconds(), now: new Date(d.clock.nowMs()).toISOString() });
  });

  // ---------------------------------------------------------------- mail
  router.get('/mail', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    res.json({ data: d.mail.list({ to }) });
  });
  router.get('/mail/:id', (req, res) => {
    const m = d.mail.get(req.params.id);
    if (!m) return void res.status(404).json({ error: 'not found' });
    res.json(m);
  });
  router.delete('/mail', (_req, res) => {
    d.mail.clear();
    res.json({ data: [] });
  });

  // ---------------------------------------------------------------- stripe
  router.get('/stripe/events', (req, res) => {
    const type = typeof req.query.type === 'string' ? req.query.type : undefined;
    const events = [...d.stripe.events.values()].filter((e) => !type || e.type === type);
    res.json({ data: events });
  });

  router.get('/stripe/webhook-deliveries', (req, res) => {
    const eventId = typeof req.query.eventId === 'string' ? req.query.eventId : undefined;
    res.json({
      target: d.dispatcher.getTarget()?.url ?? null,
      data: d.dispatcher.attempts.filter((a) => !eventId || a.eventId === eventId),
    });
  });

  router.post('/stripe/webhook', (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.url !== 'string' || typeof body.secret !== 'string') return bad(res, 'expected { url, secret }');
    d.dispatcher.setTarget({ url: body.url, secret: body.secret });
    res.json({ url: body.url });
  });

  router.post('/stripe/events/:id/resend', async (req, res) => {
    const event = d.stripe.events.get(req.params.id);
    if (!event) return void res.status(404).json({ error: 'no such event' });
    res.json(await d.dispatcher.deliverOnce(event));
  });

  router.post('/stripe/events/deliver-batch', async (req, res) => {
    const body: unknown = req.body ?? {};
    if (!isRecord(body)) return bad(res, 'expected a JSON object');
    let events: Stripe.Event[];
    if (Array.isArray(body.ids)) {
      events = [];
      for (const id of body.ids) {
        const e = typeof id === 'string' ? d.stripe.events.get(id) : undefined;
        if (!e) return bad(res, `no such event: ${String(id)}`);
        events.push(e);
      }
    } else {
      events = [...d.stripe.events.values()];
    }
    const rng = new Prng(typeof body.seed === 'number' || typeof body.seed === 'string' ? body.seed : Date.now());
    const dup = isRecord(body.duplicates) ? body.duplicates : { min: 1, max: 1 };
    const min = Number(dup.min ?? 1);
    const max = Number(dup.max ?? min);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 20)
      return bad(res, 'duplicates must be {min>=1, max>=min, max<=20}');
    const concurrency = body.concurrency === undefined ? (body.parallel === true ? Infinity : 1) : Number(body.concurrency);
    if (concurrency !== Infinity && (!Number.isInteger(concurrency) || concurrency < 1))
      return bad(res, 'concurrency must be a positive integer');
    let plan: Stripe.Event[] = events.flatMap((e) => Array.from({ length: rng.int(min, max) }, () => e));
    if (body.shuffle !== false) plan = rng.shuffle(plan);
    // Deliveries start in plan order; with concurrency > 1 up to that many are in flight at once.
    const results: DeliveryAttempt[] = new Array<DeliveryAttempt>(plan.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < plan.length) {
        const i = next++;
        results[i] = await d.dispatcher.deliverOnce(plan[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, plan.length) }, lane));
    res.json({ order: plan.map((e) => e.id), deliveries: results });
  });

  router.get('/stripe/webhooks/hold', (_req, res) => {
    res.json({ holding: d.dispatcher.isHolding(), held: d.dispatcher.heldEvents().map((e) => e.id) });
  });

  router.post('/stripe/webhooks/hold', (_req, res) => {
    d.dispatcher.hold();
    res.json({ holding: true, held: d.dispatcher.heldEvents().map((e) => e.id) });
  });

  router.post('/stripe/webhooks/release', (req, res) => {
    const body: unknown = req.body ?? {};
    if (!isRecord(body) || (body.deliver !== undefined && typeof body.deliver !== 'boolean'))
      return bad(res, 'expected { deliver?: boolean }');
    const released = d.dispatcher.release(body.deliver !== false);
    res.json({ holding: false, released: released.map((e) => e.id), delivered: body.deliver !== false });
  });

  router.post('/stripe/webhooks/idle', async (_req, res) => {
    await d.dispatcher.idle();
    res.json({ ok: true });
  });

  // ---------------------------------------------------------------- xero
  router.post('/xero/rate-limit', (req, res) => {
    const body: unknown = req.body;
    if (!isRecord(body) || typeof body.enabled !== 'boolean') return bad(res, 'expected { enabled: boolean, perMinute?: number }');
    d.xeroRuntime.rateLimit = body.enabled;
    if (body.perMinute !== undefined) {
      const n = Number(body.perMinute);
      if (!Number.isInteger(n) || n < 1) return bad(res, 'perMinute must be a positive integer');
      d.xeroRuntime.perMinute = n;
    }
    d.xeroRuntime.callLog.clear();
    res.json({ enabled: d.xeroRuntime.rateLimit, perMinute: d.xeroRuntime.perMinute });
  });

  router.use('/leadbyte', leadbyteControlRouter(d.leadbyte));
  router.use('/oidc', oidcControlRouter(d.oidc));

  router.post('/reset', (_req, res) => {
    d.reset();
    res.json({ ok: true });
  });

  return router;
}
