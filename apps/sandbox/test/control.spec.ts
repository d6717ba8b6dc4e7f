import Stripe from 'stripe';
import type { RunningSandbox } from '../src';
import { OPERATIONS } from '../src';
import { control, rejectionOf, startTestSandbox, stripeClient, waitFor } from './helpers';

describe('Control API (/_sandbox)', () => {
  let sandbox: RunningSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    stripe = stripeClient(sandbox);
  });
  afterAll(() => sandbox.close());

  it('fails the next N calls of an operation with the given error, then recovers', async () => {
    const armed = await control(sandbox, 'POST', '/fail', {
      operation: 'stripe.customers.create',
      count: 2,
      error: { status: 500, type: 'api_error', message: 'Stripe is having a bad day' },
    });
    expect(armed.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(stripe.customers.create({ email: 'flaky@example.com' }, { idempotencyKey: 'flaky-1' }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect((err as Stripe.errors.StripeError).message).toBe('Stripe is having a bad day');
    }
    // Injected failures are not stored under the idempotency key, so the retry goes through.
    const ok = await stripe.customers.create({ email: 'flaky@example.com' }, { idempotencyKey: 'flaky-1' });
    expect(ok.id).toMatch(/^cus_/);
    // Other operations were never affected.
    expect((await control<{ armed: unknown[] }>(sandbox, 'GET', '/fail')).json.armed).toHaveLength(0);
  });

  it('can inject card errors so the SDK raises StripeCardError', async () => {
    await control(sandbox, 'POST', '/fail', {
      operation: 'stripe.paymentIntents.create',
      count: 1,
      error: { status: 402, code: 'card_declined', message: 'Declined by test' },
    });
    const err = await rejectionOf(stripe.paymentIntents.create({ amount: 100, currency: 'gbp' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeError).code).toBe('card_declined');
    expect((await stripe.paymentIntents.create({ amount: 100, currency: 'gbp' })).status).toBe('requires_payment_method');
  });

  it('simulates a timeout by holding the request and dropping the connection', async () => {
    // stripe-node retries a dropped connection once even with maxNetworkRetries: 0, so drop two.
    await control(sandbox, 'POST', '/fail', { operation: 'stripe.customers.retrieve', count: 2, mode: 'timeout', timeoutMs: 100 });
    const c = await stripe.customers.create({ email: 'slow@example.com' });
    const err = await rejectionOf(stripe.customers.retrieve(c.id));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).email).toBe('slow@example.com');
  });

  it('fails LeadByte buyer creation on demand in LeadByte shape', async () => {
    await control(sandbox, 'POST', '/fail', {
      operation: 'leadbyte.buyers.create',
      count: 1,
      error: { status: 503, message: 'maintenance' },
    });
    const call = (): Promise<Response> =>
      fetch(`${sandbox.leadbyteUrl}/restapi/v1.3/buyers/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', X_KEY: 'k' },
        body: '{"company":"A"}',
      });
    const failed = await call();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ status: 'Error', message: 'maintenance' });
    expect((await call()).status).toBe(200);
  });

  describe('delays (/delay)', () => {
    interface Held {
      operation: string;
      phase: string;
    }
    const held = async (): Promise<Held[]> => (await control<{ held: Held[] }>(sandbox, 'GET', '/delay')).json.held;
    const customersNamed = async (name: string): Promise<number> =>
      (await control<{ stripe: { customers: { name: string | null }[] } }>(sandbox, 'GET', '/state')).json.stripe.customers.filter(
        (c) => c.name === name,
      ).length;
    /** A raw create the test can hang up on, as a killed caller would. */
    const createCustomer = (name: string, signal: AbortSignal): Promise<Response> =>
      fetch(`${sandbox.url}/v1/customers`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_sandbox_123', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name }),
        signal,
      });

    it('holds a call for the given time, then carries it out and answers', async () => {
      const armed = await control(sandbox, 'POST', '/delay', { operation: 'stripe.customers.create', phase: 'before', ms: 50 });
      expect(armed.status).toBe(201);
      expect((await stripe.customers.create({ name: 'Held briefly' })).id).toMatch(/^cus_/);
      expect(await held()).toEqual([]);
    });

    it('drops a call held before it was carried out when the caller hangs up', async () => {
      await control(sandbox, 'POST', '/delay', { operation: 'stripe.customers.create', phase: 'before', ms: 60_000 });
      const abort = new AbortController();
      const call = createCustomer('Never made', abort.signal).catch((e: unknown) => e);
      await waitFor(async () => ((await held()).some((h) => h.phase === 'before') ? true : undefined), 5000, 'the held call');
      abort.abort();
      await waitFor(async () => ((await held()).length === 0 ? true : undefined), 5000, 'the hang-up to be noticed');
      expect(await call).toMatchObject({ name: 'AbortError' });
      expect(await customersNamed('Never made')).toBe(0);
    });

    it('carries out a call held after, even when the caller hangs up before the answer', async () => {
      await control(sandbox, 'POST', '/delay', { operation: 'stripe.customers.create', phase: 'after', ms: 60_000 });
      const abort = new AbortController();
      const call = createCustomer('Made unheard', abort.signal).catch((e: unknown) => e);
      await waitFor(async () => ((await held()).some((h) => h.phase === 'after') ? true : undefined), 5000, 'the held answer');
      expect(await customersNamed('Made unheard')).toBe(1);
      abort.abort();
      await waitFor(async () => ((await held()).length === 0 ? true : undefined), 5000, 'the hang-up to be noticed');
      expect(await call).toMatchObject({ name: 'AbortError' });
    });

    it('lets every held call go on when the delays are cleared', async () => {
      await control(sandbox, 'POST', '/delay', { operation: 'stripe.customers.create', phase: 'after', ms: 60_000 });
      const answer = stripe.customers.create({ name: 'Released' });
      await waitFor(async () => ((await held()).length === 1 ? true : undefined), 5000, 'the held answer');
      expect((await control(sandbox, 'DELETE', '/delay')).status).toBe(200);
      expect((await answer).name).toBe('Released');
      expect((await control<{ armed: unknown[] }>(sandbox, 'POST', '/delay', { operation: 'stripe.nope' })).status).toBe(400);
    });
  });

  it('rejects unknown operation names and lists the valid ones', async () => {
    const res = await control<{ error: string }>(sandbox, 'POST', '/fail', { operation: 'stripe.nope', count: 1 });
    expect(res.status).toBe(400);
    expect(res.json.error).toContain('stripe.customers.create');
    const ops = await control<{ operations: string[] }>(sandbox, 'GET', '/operations');
    expect(ops.json.operations).toEqual([...OPERATIONS]);
  });

  it('exposes state and recorded requests, and resets everything', async () => {
    await stripe.customers.create({ email: 'state@example.com' }, { idempotencyKey: 'state-1' });
    const state = await control<{ stripe: { customers: { email: string }[] } }>(sandbox, 'GET', '/state');
    expect(state.json.stripe.customers.some((c) => c.email === 'state@example.com')).toBe(true);
    const requests = await control<{
      data: { method: string; path: string; headers: Record<string, string>; body: Record<string, unknown> }[];
    }>(sandbox, 'GET', '/requests?pathPrefix=/v1/customers');
    const rec = requests.json.data.find((r) => r.headers['idempotency-key'] === 'state-1');
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/customers', body: { email: 'state@example.com' } });
    expect(rec?.headers.authorization).not.toContain('sk_test_sandbox_123');

    await control(sandbox, 'POST', '/reset');
    const after = await control<{ stripe: { customers: unknown[] } }>(sandbox, 'GET', '/state');
    expect(after.json.stripe.customers).toHaveLength(0);
  });
});
