import Stripe from 'stripe';
import type { RunningSandbox } from '../src';
import { OPERATIONS } from '../src';
import { control, rejectionOf, startTestSandbox, stripeClient } from './helpers';

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
    await control(sandbox, 'POST', '/fail', { operation: 'stripe.paymentIntents.create', count: 1, error: { status: 402, code: 'card_declined', message: 'Declined by test' } });
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
    await control(sandbox, 'POST', '/fail', { operation: 'leadbyte.buyers.create', count: 1, error: { status: 503, message: 'maintenance' } });
    const call = (): Promise<Response> =>
      fetch(`${sandbox.leadbyteUrl}/restapi/v1.3/buyers/create`, { method: 'POST', headers: { 'content-type': 'application/json', X_KEY: 'k' }, body: '{"company":"A"}' });
    const failed = await call();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ status: 'Error', message: 'maintenance' });
    expect((await call()).status).toBe(200);
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
    const requests = await control<{ data: { method: string; path: string; headers: Record<string, string>; body: Record<string, unknown> }[] }>(
      sandbox,
      'GET',
      '/requests?pathPrefix=/v1/customers',
    );
    const rec = requests.json.data.find((r) => r.headers['idempotency-key'] === 'state-1');
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/customers', body: { email: 'state@example.com' } });
    expect(rec?.headers.authorization).not.toContain('sk_test_sandbox_123');

    await control(sandbox, 'POST', '/reset');
    const after = await control<{ stripe: { customers: unknown[] } }>(sandbox, 'GET', '/state');
    expect(after.json.stripe.customers).toHaveLength(0);
  });
});
