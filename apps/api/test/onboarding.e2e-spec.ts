import Stripe from 'stripe';
import {
  bearer,
  businessDetails,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  failNext,
  leadPreferences,
  registerClient,
  sandboxState,
  waitForIntegrations,
  withRefreshCookie,
  type IndustryBody,
} from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

describe('onboarding', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create({ env: { INTEGRATION_ATTEMPTS: '3' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs up a billable client step by step, registers it once with Stripe, LeadByte and Xero, and stores its card', async () => {
    const c = await registerClient(t);
    expect((await t.http().get('/api/onboarding').set(bearer(c.token)).expect(200)).body).toMatchObject({
      step: 'business_details',
      steps: ['business_details', 'lead_preferences', 'card'],
      billingMode: 'billable',
    });

    const details = businessDetails(industry.id);
    const afterBusiness = (await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(details).expect(200)).body;
    expect(afterBusiness).toMatchObject({
      step: 'lead_preferences',
      businessDetails: { businessName: details.businessName, postcode: 'SW1A 1AA', industryName: industry.name },
    });
    expect(afterBusiness.inboundLeadUrl).toMatch(/^http:\/\/api\.test\/api\/leads\/inbound\/[A-Za-z0-9_-]{32}$/);

    const afterPrefs = (await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200))
      .body;
    expect(afterPrefs).toMatchObject({
      step: 'card',
      leadPreferences: {
        postcodeAreas: ['B33 8', 'M1', 'SW1A'],
        dailyCap: 10,
        weeklyCap: 40,
        deliveryStart: '08:00',
        deliveryEnd: '20:00',
        timeZone: 'Europe/London',
        paused: false,
      },
    });

    const integrations = await waitForIntegrations(t, c.token);
    expect(integrations.map((s) => [s.kind, s.status])).toEqual([
      ['leadbyte_buyer', 'done'],
      ['stripe_customer', 'done'],
      ['xero_contact', 'done'],
    ]);

    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as { url: string };
    const sessionId = await completeHostedCardPage(url);
    const done = (await t.http().post('/api/onboarding/card/confirm').set(bearer(c.token)).send({ sessionId }).expect(200)).body;
    expect(done).toMatchObject({ step: 'complete', status: 'active', card: { brand: 'visa', last4: '4242', isDefault: true } });

    const state = await sandboxState(t);
    expect(state.stripe.customers.filter((x) => x.metadata.clientId === c.clientId)).toHaveLength(1);
    expect(state.leadbyte.buyers.filter((b) => b.company === details.businessName)).toHaveLength(1);
    expect(state.xero.contacts.filter((x) => x.Name === details.businessName)).toHaveLength(1);

    // The dashboard is open now; the card is listed once even after Stripe's webhook arrives too.
    await t.http().get('/api/account').set(bearer(c.token)).expect(200);
    await waitForQueuesToDrain(t.queues());
    const cards = (await t.http().get('/api/billing/payment-methods').set(bearer(c.token)).expect(200)).body.items;
    expect(cards).toHaveLength(1);

    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type <> 'activity.recorded' ORDER BY seq`, [
      c.clientId,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['subscription.started', 'business_details.submitted', 'cms.buyer']);
    const activity = await t.db.query(`SELECT action FROM activity_log WHERE client_id = $1 ORDER BY created_at`, [c.clientId]);
    expect(activity.map((a: { action: string }) => a.action)).toEqual([
      'business_details.submitted',
      'lead_preferences.updated',
      'card.added',
      'onboarding.completed',
    ]);
  });

  it('keeps routes that need an onboarded client closed, naming the next step', async () => {
    const c = await registerClient(t);
    const res = await t.http().get('/api/account').set(bearer(c.token)).expect(403);
    expect(res.body.message).toBe('Finish onboarding first: the next step is business details');
    await t.http().get('/api/billing/payment-methods').set(bearer(c.token)).expect(403);
  });

  it('refuses skipped steps with 409 naming the expected step', async () => {
    const c = await registerClient(t);
    const skip = await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(409);
    expect(skip.body.message).toBe('Complete the business details step first (expected step: business_details)');
    const card = await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(409);
    expect(card.body.message).toMatch(/expected step: business_details/);
  });

  it('answers 409 for a business name already taken, in any case or spacing', async () => {
    const first = await registerClient(t);
    const details = businessDetails(industry.id, { businessName: 'Bright  Homes Ltd' });
    await t.http().put('/api/onboarding/business-details').set(bearer(first.token)).send(details).expect(200);
    const second = await registerClient(t);
    const dup = await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(second.token))
      .send({ ...details, businessName: ' bright homes LTD ' })
      .expect(409);
    expect(dup.body).toMatchObject({
      statusCode: 409,
      message: 'A business with this name is already registered',
      details: [{ field: 'businessName' }],
    });
    expect((await t.http().get('/api/onboarding').set(bearer(second.token)).expect(200)).body.step).toBe('business_details');
  });

  it('answers 400 naming the field for an invalid postcode, an unknown industry, a cap of 0 and bad areas', async () => {
    const c = await registerClient(t);
    const badPostcode = await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(c.token))
      .send(businessDetails(industry.id, { postcode: 'NOT A CODE' }))
      .expect(400);
    expect(badPostcode.body.details).toEqual([{ field: 'postcode', messages: ['postcode must be a valid UK postcode, such as SW1A 1AA'] }]);
    const unknown = await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(c.token))
      .send(businessDetails('00000000-0000-4000-8000-000000000000'))
      .expect(400);
    expect(unknown.body.details[0].field).toBe('industryId');
    const notUuid = await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails('solar')).expect(400);
    expect(notUuid.body.details[0].field).toBe('industryId');

    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    const cap = await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ dailyCap: 0 }))
      .expect(400);
    expect(cap.body.details).toEqual([{ field: 'dailyCap', messages: ['dailyCap must be at least 1'] }]);
    const areas = await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ postcodeAreas: ['SW1A', 'nowhere'] }))
      .expect(400);
    expect(areas.body.details[0].field).toBe('postcodeAreas');
    const weekly = await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ dailyCap: 10, weeklyCap: 5 }))
      .expect(400);
    expect(weekly.body.details[0].field).toBe('weeklyCap');
    const hours = await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ deliveryStart: '20:00', deliveryEnd: '08:00' }))
      .expect(400);
    expect(hours.body.details[0].field).toBe('deliveryEnd');
    expect((await t.http().get('/api/onboarding').set(bearer(c.token)).expect(200)).body).toMatchObject({
      step: 'lead_preferences',
      leadPreferences: null,
    });
  });

  it('resumes at the same step with earlier answers after logging out and back in, and allows going back', async () => {
    const c = await registerClient(t);
    const details = businessDetails(industry.id);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(details).expect(200);
    await withRefreshCookie(t, 'logout', c.refreshToken).expect(204);
    const again = (await t.http().post('/api/auth/login').send({ email: c.email, password: c.password }).expect(200)).body
      .accessToken as string;
    const state = (await t.http().get('/api/onboarding').set(bearer(again)).expect(200)).body;
    expect(state).toMatchObject({
      step: 'lead_preferences',
      businessDetails: { businessName: details.businessName, addressLine1: '1 High Street', postcode: 'SW1A 1AA' },
    });
    // Back to step 2 to fix a typo: allowed, and the current step does not move back.
    const fixed = (
      await t
        .http()
        .put('/api/onboarding/business-details')
        .set(bearer(again))
        .send({ ...details, town: 'Westminster' })
        .expect(200)
    ).body;
    expect(fixed).toMatchObject({ step: 'lead_preferences', businessDetails: { town: 'Westminster' } });
    const types = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type <> 'activity.recorded' ORDER BY seq`, [
      c.clientId,
    ]);
    expect(types.map((e: { type: string }) => e.type)).toEqual([
      'subscription.started',
      'business_details.submitted',
      'business_details.updated',
    ]);
  });

  it('records a postcode-areas event when the areas change after they were set', async () => {
    const c = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ paused: true }))
      .expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ postcodeAreas: ['LS1'] }))
      .expect(200);
    const rows = await t.db.query(`SELECT payload FROM outbox_events WHERE client_id = $1 AND type = 'postcode_areas.updated'`, [
      c.clientId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({ before: ['B33 8', 'M1', 'SW1A'], after: ['LS1'] });
  });

  it('retries registrations that fail and ends done with no duplicates', async () => {
    await failNext(t, 'stripe.customers.create', 3, { status: 500, type: 'api_error', message: 'Stripe is having a moment' });
    await failNext(t, 'leadbyte.buyers.create', 2, { status: 503 });
    await failNext(t, 'xero.contacts.create', 2, { status: 500 });
    const c = await registerClient(t);
    const details = businessDetails(industry.id);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(details).expect(200);
    const states = await waitForIntegrations(t, c.token);
    expect(states.every((s) => s.status === 'done' && s.attempts >= 2)).toBe(true);
    const state = await sandboxState(t);
    expect(state.stripe.customers.filter((x) => x.metadata.clientId === c.clientId)).toHaveLength(1);
    expect(state.leadbyte.buyers.filter((b) => b.company === details.businessName)).toHaveLength(1);
    expect(state.xero.contacts.filter((x) => x.Name === details.businessName)).toHaveLength(1);
  });

  it('shows a permanently failing registration as failed with its error, and an admin retry fixes it', async () => {
    await failNext(t, 'leadbyte.buyers.create', 50, { status: 503 });
    const c = await registerClient(t);
    const details = businessDetails(industry.id);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(details).expect(200);
    const failed = await waitForIntegrations(t, c.token, 'failed');
    const leadbyte = failed.find((s) => s.kind === 'leadbyte_buyer')!;
    expect(leadbyte).toMatchObject({ status: 'failed', attempts: 3 });
    expect(leadbyte.lastError).toMatch(/LeadByte refused the buyer \(503\)/);
    const listed = (await t.http().get('/api/admin/clients?integration=failed').set(bearer(admin)).expect(200)).body;
    expect(listed.items.map((x: { id: string }) => x.id)).toContain(c.clientId);

    await fetch(`${t.sandbox.url}/_sandbox/fail`, { method: 'DELETE' });
    await t.http().post(`/api/admin/clients/${c.clientId}/integrations/leadbyte_buyer/retry`).set(bearer(admin)).expect(202);
    await waitForIntegrations(t, c.token);
    expect((await sandboxState(t)).leadbyte.buyers.filter((b) => b.company === details.businessName)).toHaveLength(1);
    await t.http().post(`/api/admin/clients/${c.clientId}/integrations/leadbyte_buyer/retry`).set(bearer(c.token)).expect(403);
  });

  describe('Stripe webhook', () => {
    const stripe = new Stripe('sk_test_x');

    it('refuses a forged or tampered event with 400 and changes nothing', async () => {
      const payload = JSON.stringify({
        id: 'evt_forged',
        type: 'setup_intent.succeeded',
        data: { object: { id: 'seti_x', status: 'succeeded' } },
      });
      const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_ours' });
      const res = await t
        .http()
        .post('/api/billing/stripe/webhook')
        .set('Stripe-Signature', forged)
        .set('Content-Type', 'application/json')
        .send(payload)
        .expect(400);
      expect(res.body.message).toBe('The Stripe signature does not match this body');
      const good = stripe.webhooks.generateTestHeaderString({ payload, secret: t.config.stripe.webhookSecret.reveal() });
      await t
        .http()
        .post('/api/billing/stripe/webhook')
        .set('Stripe-Signature', good)
        .set('Content-Type', 'application/json')
        .send(payload.replace('seti_x', 'seti_y'))
        .expect(400);
      await t.http().post('/api/billing/stripe/webhook').set('Content-Type', 'application/json').send(payload).expect(400);
      expect(await t.db.query(`SELECT 1 FROM stripe_events WHERE id = 'evt_forged'`)).toHaveLength(0);
    });

    it('stores the card from the webhook alone, once, however often the event arrives', async () => {
      const c = await registerClient(t);
      await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
      await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
      await waitForIntegrations(t, c.token);
      const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as {
        url: string;
      };
      await completeHostedCardPage(url);
      // The browser never comes back; Stripe's events do (checkout.session.completed and setup_intent.succeeded).
      const deadline = Date.now() + 15_000;
      let step = '';
      while (Date.now() < deadline && step !== 'complete') {
        step = (await t.http().get('/api/onboarding').set(bearer(c.token)).expect(200)).body.step;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(step).toBe('complete');
      const events = (await (await fetch(`${t.sandbox.url}/_sandbox/stripe/events`)).json()) as {
        data: Array<{ id: string; type: string }>;
      };
      const completed = events.data.filter((e) => e.type === 'checkout.session.completed' || e.type === 'setup_intent.succeeded');
      expect(completed.length).toBeGreaterThan(0);
      for (let i = 0; i < 5; i += 1)
        for (const e of completed) await fetch(`${t.sandbox.url}/_sandbox/stripe/events/${e.id}/resend`, { method: 'POST' });
      await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
      const rows = await t.db.query(`SELECT count(*)::int AS n FROM payment_methods WHERE client_id = $1`, [c.clientId]);
      expect(rows[0].n).toBe(1);
    });
  });
});
