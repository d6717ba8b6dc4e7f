import express, { type Request, type Response, type Router } from 'express';
import Stripe from 'stripe';
import type { DelayInjector } from '../core/delays';
import type { FailureInjector, InjectedError } from '../core/failures';
import { stripeId } from '../core/ids';
import type { Operation } from '../core/operations';
import { StripeApiError, type StripeErrorBody } from './errors';
import { expand, toJson } from './expand';
import { canonical, parseForm, type FormObject } from './form';
import { IdempotencyStore, type StoredResponse } from './idempotency';
import { Params } from './params';
import type { CallContext, StripeService } from './stripe.service';

interface Call {
  params: Params;
  id: string;
  ctx: CallContext;
}

type Handler = (call: Call) => object;

interface RouteDef {
  method: 'get' | 'post' | 'delete';
  path: string;
  op: Operation;
  handler: Handler;
}

function errorResponse(status: number, body: StripeErrorBody): StoredResponse {
  return { status, body: JSON.stringify({ error: body }, null, 2) };
}

export function renderStripeFailure(res: Response, e: InjectedError): void {
  const status = e.status ?? 500;
  const type =
    (e.type as StripeErrorBody['type'] | undefined) ??
    (status === 402 ? 'card_error' : status >= 500 ? 'api_error' : 'invalid_request_error');
  res
    .status(status)
    .set('Request-Id', stripeId('req', 14))
    .type('application/json')
    .send(
      JSON.stringify(
        { error: { type, code: e.code, message: e.message ?? 'An unknown error occurred (injected by the sandbox).' } },
        null,
        2,
      ),
    );
}

/** Bearer (or HTTP Basic, as `curl -u sk_test_...:` sends) with a test-mode secret/restricted key. */
function apiKeyOf(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  let key: string | undefined;
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  return key && /^(sk|rk)_test_\w+/.test(key) ? key : undefined;
}

function rawQuery(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i === -1 ? '' : req.originalUrl.slice(i + 1);
}

export function stripeRouter(
  service: StripeService,
  failures: FailureInjector,
  idempotency: IdempotencyStore,
  delays: DelayInjector,
): Router {
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: '2mb' }));

  const routes: RouteDef[] = [
    {
      method: 'post',
      path: '/customers',
      op: 'stripe.customers.create',
      handler: ({ params, ctx }) => service.createCustomer(params, ctx),
    },
    { method: 'get', path: '/customers', op: 'stripe.customers.list', handler: ({ params }) => service.listCustomers(params) },
    { method: 'get', path: '/customers/search', op: 'stripe.customers.search', handler: ({ params }) => service.searchCustomers(params) },
    { method: 'get', path: '/customers/:id', op: 'stripe.customers.retrieve', handler: ({ id }) => service.retrieveCustomer(id) },
    {
      method: 'post',
      path: '/customers/:id',
      op: 'stripe.customers.update',
      handler: ({ id, params, ctx }) => service.updateCustomer(id, params, ctx),
    },
    {
      method: 'get',
      path: '/customers/:id/payment_methods',
      op: 'stripe.customers.listPaymentMethods',
      handler: ({ id, params }) => service.listPaymentMethods(params, id),
    },
    {
      method: 'post',
      path: '/payment_methods',
      op: 'stripe.paymentMethods.create',
      handler: ({ params }) => service.createPaymentMethod(params),
    },
    {
      method: 'get',
      path: '/payment_methods',
      op: 'stripe.paymentMethods.list',
      handler: ({ params }) => service.listPaymentMethods(params),
    },
    {
      method: 'get',
      path: '/payment_methods/:id',
      op: 'stripe.paymentMethods.retrieve',
      handler: ({ id }) => service.retrievePaymentMethod(id),
    },
    {
      method: 'post',
      path: '/payment_methods/:id/attach',
      op: 'stripe.paymentMethods.attach',
      handler: ({ id, params, ctx }) => service.attachPaymentMethod(id, params, ctx),
    },
    {
      method: 'post',
      path: '/payment_methods/:id/detach',
      op: 'stripe.paymentMethods.detach',
      handler: ({ id, ctx }) => service.detachPaymentMethod(id, ctx),
    },
    {
      method: 'post',
      path: '/setup_intents',
      op: 'stripe.setupIntents.create',
      handler: ({ params, ctx }) => service.createSetupIntent(params, ctx),
    },
    {
      method: 'get',
      path: '/setup_intents/:id',
      op: 'stripe.setupIntents.retrieve',
      handler: ({ id }) => service.retrieveSetupIntent(id).si,
    },
    {
      method: 'post',
      path: '/setup_intents/:id/confirm',
      op: 'stripe.setupIntents.confirm',
      handler: ({ id, params, ctx }) => service.confirmSetupIntent(id, params, ctx),
    },
    {
      method: 'post',
      path: '/payment_intents',
      op: 'stripe.paymentIntents.create',
      handler: ({ params, ctx }) => service.createPaymentIntent(params, ctx),
    },
    {
      method: 'get',
      path: '/payment_intents',
      op: 'stripe.paymentIntents.list',
      handler: ({ params }) => service.listPaymentIntents(params),
    },
    {
      method: 'get',
      path: '/payment_intents/:id',
      op: 'stripe.paymentIntents.retrieve',
      handler: ({ id }) => service.retrievePaymentIntent(id).pi,
    },
    {
      method: 'post',
      path: '/payment_intents/:id/confirm',
      op: 'stripe.paymentIntents.confirm',
      handler: ({ id, params, ctx }) => service.confirmPaymentIntent(id, params, ctx),
    },
    {
      method: 'post',
      path: '/payment_intents/:id/cancel',
      op: 'stripe.paymentIntents.cancel',
      handler: ({ id, params, ctx }) => service.cancelPaymentIntent(id, params, ctx),
    },
    {
      method: 'post',
      path: '/checkout/sessions',
      op: 'stripe.checkout.sessions.create',
      handler: ({ params }) => service.createSession(params),
    },
    {
      method: 'get',
      path: '/checkout/sessions/:id',
      op: 'stripe.checkout.sessions.retrieve',
      handler: ({ id }) => service.retrieveSession(id),
    },
    {
      method: 'post',
      path: '/invoiceitems',
      op: 'stripe.invoiceItems.create',
      handler: ({ params, ctx }) => service.createInvoiceItem(params, ctx),
    },
    { method: 'post', path: '/invoices', op: 'stripe.invoices.create', handler: ({ params, ctx }) => service.createInvoice(params, ctx) },
    { method: 'get', path: '/invoices', op: 'stripe.invoices.list', handler: ({ params }) => service.listInvoices(params) },
    { method: 'get', path: '/invoices/search', op: 'stripe.invoices.search', handler: ({ params }) => service.searchInvoices(params) },
    { method: 'get', path: '/invoices/:id', op: 'stripe.invoices.retrieve', handler: ({ id }) => service.retrieveInvoice(id) },
    {
      method: 'post',
      path: '/invoices/:id/finalize',
      op: 'stripe.invoices.finalizeInvoice',
      handler: ({ id, params, ctx }) => service.finalizeInvoice(id, params, ctx),
    },
    {
      method: 'post',
      path: '/invoices/:id/send',
      op: 'stripe.invoices.sendInvoice',
      handler: ({ id, ctx }) => service.sendInvoice(id, ctx),
    },
    {
      method: 'post',
      path: '/invoices/:id/pay',
      op: 'stripe.invoices.pay',
      handler: ({ id, params, ctx }) => service.payInvoice(id, params, ctx),
    },
    {
      method: 'post',
      path: '/invoices/:id/void',
      op: 'stripe.invoices.voidInvoice',
      handler: ({ id, ctx }) => service.voidInvoice(id, ctx),
    },
    { method: 'get', path: '/events', op: 'stripe.events.list', handler: ({ params }) => service.listEvents(params) },
    { method: 'get', path: '/events/:id', op: 'stripe.events.retrieve', handler: ({ id }) => service.retrieveEvent(id) },
  ];

  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const requestId = stripeId('req', 14);
      const key = apiKeyOf(req);
      res.set('Request-Id', requestId);
      res.set('Stripe-Version', req.header('stripe-version') ?? Stripe.API_VERSION);
      const send = (r: StoredResponse, replayed = false): void => {
        if (replayed) res.set('Idempotent-Replayed', 'true');
        res.status(r.status).type('application/json').send(r.body);
      };
      if (!key) {
        const provided = (req.headers.authorization ?? '').replace(/^(Bearer|Basic)\s+/, '');
        send(
          errorResponse(401, {
            type: 'invalid_request_error',
            message: provided
              ? `Invalid API Key provided: ${provided.slice(0, 8)}${'*'.repeat(Math.max(0, provided.length - 12))}${provided.slice(-4)}`
              : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          }),
        );
        return;
      }
      if (failures.intercept(route.op, res, renderStripeFailure)) return;
      // A caller that hangs up while held before the call never gets it carried out.
      if (!(await delays.hold(route.op, 'before', res))) return;
      // Held after the call: done here, but the caller may hang up before hearing about it.
      const answer = async (r: StoredResponse, replayed = false): Promise<void> => {
        if (await delays.hold(route.op, 'after', res)) send(r, replayed);
      };

      const form: FormObject = route.method === 'get' ? parseForm(rawQuery(req)) : parseForm(typeof req.body === 'string' ? req.body : '');
      res.locals.loggedBody = form;
      const idempotencyKey = req.header('idempotency-key') ?? null;
      const ctx: CallContext = { requestId, idempotencyKey };
      const id = typeof req.params.id === 'string' ? req.params.id : '';
      const execute = async (): Promise<StoredResponse> => {
        try {
          const params = new Params(form);
          const result = route.handler({ params, id, ctx });
          const expandPaths = params.strArray('expand') ?? [];
          const json = expandPaths.length > 0 ? expand(toJson(result), expandPaths, (x) => service.lookup(x)) : result;
          return { status: 200, body: JSON.stringify(json, null, 2) };
        } catch (error) {
          if (error instanceof StripeApiError) return errorResponse(error.status, error.body);
          const message = error instanceof Error ? error.message : String(error);
          return errorResponse(500, { type: 'api_error', message: `Sandbox internal error: ${message}` });
        }
      };

      if (route.method !== 'post' || !idempotencyKey) {
        await answer(await execute());
        return;
      }
      res.set('Idempotency-Key', idempotencyKey);
      if (idempotencyKey.length > 255) {
        send(errorResponse(400, { type: 'invalid_request_error', message: 'Idempotency-Key must be at most 255 characters long.' }));
        return;
      }
      const outcome = await idempotency.run(
        `${key}:${idempotencyKey}`,
        `${route.method} ${req.path} ${canonical(form)}`,
        execute,
        // Validation failures (400/404) are not saved, as on Stripe; successes, declines and 5xx are.
        (r) => r.status === 200 || r.status === 402 || r.status >= 500,
      );
      if (outcome.kind === 'mismatch') {
        send(
          errorResponse(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          }),
        );
        return;
      }
      await answer(outcome.result, outcome.kind === 'replay');
    });
  }

  router.use((req: Request, res: Response) => {
    res
      .status(404)
      .type('application/json')
      .send(
        JSON.stringify(
          { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: /v1${req.path}).` } },
          null,
          2,
        ),
      );
  });
  return router;
}
