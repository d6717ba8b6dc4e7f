import { createAdmin, bearer, registerClient } from './utils/actors';
import { TestApp } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';

async function waitForDelivery(
  t: TestApp,
  token: string,
  deliveryId: string,
  status: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = (await t.http().get(`/api/webhook-deliveries/${deliveryId}`).set(bearer(token)).expect(200)).body;
    if (d.status === status) return d;
    if (Date.now() > deadline) throw new Error(`Delivery ${deliveryId} is ${d.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Outbound webhooks: endpoints, signing, retries, log and replay', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_RELAY_INTERVAL_MS: '25', WEBHOOK_MAX_ATTEMPTS: '4' } });
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => receiver.close());
  afterAll(async () => t.close());

  async function endpointFor(token: string, eventTypes = ['lead.send_data']): Promise<{ id: string; secret: string }> {
    const res = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(token))
      .send({ url: receiver.url, description: 'CRM', eventTypes })
      .expect(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    return { id: res.body.endpoint.id, secret: res.body.secret };
  }

  it('sends a signed test event that verifies with the standardwebhooks package, and logs it', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    await receiver.waitFor((all) => all.length === 1);
    const [hook] = receiver.received;
    expect(WebhookReceiver.verify(ep.secret, hook!)).toMatchObject({ type: 'webhook.test', version: 1, data: { endpointId: ep.id } });
    expect(hook!.headers['webhook-id']).toBe(delivery.eventId);
    expect(() => WebhookReceiver.verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, hook!)).toThrow();
    const logged = await waitForDelivery(t, c.token, delivery.id, 'succeeded');
    expect(logged).toMatchObject({
      attempts: 1,
      lastStatusCode: 200,
      attemptLog: [{ attempt: 1, responseStatus: 200, responseBody: '{"ok":true}', error: null }],
    });
    expect((logged.attemptLog as Array<{ requestHeaders: Record<string, string> }>)[0]!.requestHeaders['webhook-id']).toBe(
      delivery.eventId,
    );
  });

  it('retries 500, 500 then 200 under the same webhook-id, on the schedule', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    receiver.answerNext({ status: 500, body: 'boom' }, { status: 500, body: 'boom again' });
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    await receiver.waitFor((all) => all.length === 3);
    expect(new Set(receiver.received.map((w) => w.headers['webhook-id']))).toEqual(new Set([delivery.eventId]));
    for (const w of receiver.received) WebhookReceiver.verify(ep.secret, w);
    // Second retry waits 60× the first step (20 ms here): 1.2 s.
    expect(receiver.received[2]!.at - receiver.received[1]!.at).toBeGreaterThanOrEqual(1_100);
    const logged = await waitForDelivery(t, c.token, delivery.id, 'succeeded');
    expect(
      (logged.attemptLog as Array<{ responseStatus: number; responseBody: string }>).map((a) => [a.responseStatus, a.responseBody]),
    ).toEqual([
      [500, 'boom'],
      [500, 'boom again'],
      [200, '{"ok":true}'],
    ]);
  });

  it('honours Retry-After on 429', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    receiver.answerNext({ status: 429, headers: { 'retry-after': '2' } });
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    await receiver.waitFor((all) => all.length === 2);
    // Without Retry-After the first retry would come after 20 ms.
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(1_900);
    await waitForDelivery(t, c.token, delivery.id, 'succeeded');
  });

  it('switches the endpoint off on 410 and tells the owner', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    receiver.answerNext({ status: 410 });
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    await waitForDelivery(t, c.token, delivery.id, 'failed');
    expect(receiver.received).toHaveLength(1);
    const endpoint = (await t.http().get(`/api/webhook-endpoints/${ep.id}`).set(bearer(c.token)).expect(200)).body;
    expect(endpoint).toMatchObject({ active: false, disabledReason: expect.stringContaining('410') });
    const mail = (await t.inbox.waitFor(c.email, 2)).find((m) => /switched off/.test(m.subject));
    expect(mail?.text).toContain(receiver.url);
    await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(400);
  });

  it('fails a delivery after the last attempt and emails the owner once', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    receiver.answerNext(...Array.from({ length: 8 }, () => ({ status: 503 })));
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    const failed = await waitForDelivery(t, c.token, delivery.id, 'failed', 20_000);
    expect(failed).toMatchObject({ attempts: 4, lastStatusCode: 503 });
    expect(receiver.received).toHaveLength(4);
    const mail = (await t.inbox.waitFor(c.email, 2)).find((m) => /failing/.test(m.subject));
    expect(mail?.text).toContain('webhook.test');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.inbox.to(c.email).filter((m) => /failing/.test(m.subject))).toHaveLength(1);
  });

  it('signs with both secrets while a rotation overlaps', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    const rotated = (await t.http().post(`/api/webhook-endpoints/${ep.id}/rotate-secret`).set(bearer(c.token)).expect(201)).body;
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.endpoint.previousSecretExpiresAt).not.toBeNull();
    await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202);
    await receiver.waitFor((all) => all.length === 1);
    const [hook] = receiver.received;
    expect(String(hook!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(WebhookReceiver.verify(ep.secret, hook!)).toMatchObject({ type: 'webhook.test' });
    expect(WebhookReceiver.verify(rotated.secret, hook!)).toMatchObject({ type: 'webhook.test' });
  });

  it('replays one delivery, and all failed ones since a time, under the same webhook-id', async () => {
    const c = await registerClient(t);
    const ep = await endpointFor(c.token);
    receiver.answerNext(...Array.from({ length: 4 }, () => ({ status: 500 })));
    const first = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202)).body;
    await waitForDelivery(t, c.token, first.id, 'failed', 20_000);
    const replay = (await t.http().post(`/api/webhook-deliveries/${first.id}/replay`).set(bearer(c.token)).expect(202)).body;
    expect(replay).toMatchObject({ replayOf: first.id, eventId: first.eventId, status: 'pending' });
    await waitForDelivery(t, c.token, replay.id, 'succeeded');
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(first.eventId);
    const failedOnly = (await t.http().get(`/api/webhook-endpoints/${ep.id}/deliveries?status=failed`).set(bearer(c.token)).expect(200))
      .body;
    expect(failedOnly.items.map((d: { id: string }) => d.id)).toEqual([first.id]);
    const bulk = (
      await t
        .http()
        .post(`/api/webhook-endpoints/${ep.id}/replay-failed`)
        .set(bearer(c.token))
        .send({ since: new Date(Date.now() - 60_000).toISOString() })
        .expect(202)
    ).body;
    expect(bulk).toEqual({ replayed: 1 });
    await receiver.waitFor((all) => all.length === 6);
  });

  it('keeps clients out of each other’s endpoints and deliveries (404)', async () => {
    const a = await registerClient(t);
    const b = await registerClient(t);
    const ep = await endpointFor(a.token);
    const delivery = (await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(a.token)).expect(202)).body;
    const asB = bearer(b.token);
    await t.http().get(`/api/webhook-endpoints/${ep.id}`).set(asB).expect(404);
    await t.http().patch(`/api/webhook-endpoints/${ep.id}`).set(asB).send({ active: false }).expect(404);
    await t.http().delete(`/api/webhook-endpoints/${ep.id}`).set(asB).expect(404);
    await t.http().post(`/api/webhook-endpoints/${ep.id}/rotate-secret`).set(asB).expect(404);
    await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(asB).expect(404);
    await t.http().get(`/api/webhook-endpoints/${ep.id}/deliveries`).set(asB).expect(404);
    await t.http().post(`/api/webhook-endpoints/${ep.id}/replay-failed`).set(asB).send({ since: new Date().toISOString() }).expect(404);
    await t.http().get(`/api/webhook-deliveries/${delivery.id}`).set(asB).expect(404);
    await t.http().post(`/api/webhook-deliveries/${delivery.id}/replay`).set(asB).expect(404);
    expect((await t.http().get('/api/webhook-endpoints').set(asB).expect(200)).body.items).toEqual([]);
  });

  it('validates endpoints: URL and event types named in the error', async () => {
    const c = await registerClient(t);
    const bad = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(c.token))
      .send({ url: 'not a url', eventTypes: ['lead.send_data'] })
      .expect(400);
    expect(bad.body.message).toMatch(/url must be an absolute/);
    const types = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(c.token))
      .send({ url: receiver.url, eventTypes: ['lead.nope'] })
      .expect(400);
    expect(JSON.stringify(types.body.details)).toContain('eventTypes');
    await t.http().post('/api/webhook-endpoints').set(bearer(c.token)).send({ url: receiver.url, eventTypes: [] }).expect(400);
    expect((await t.http().get('/api/webhook-endpoints').set(bearer(c.token)).expect(200)).body.meta.total).toBe(0);
  });

  it('lets admins run platform endpoints that receive every client’s events, and see failing endpoints', async () => {
    const admin = await createAdmin(t);
    const created = (
      await t
        .http()
        .post('/api/admin/webhook-endpoints')
        .set(bearer(admin))
        .send({ url: receiver.url, description: 'CMS', eventTypes: ['activity.recorded'] })
        .expect(201)
    ).body;
    expect(created.endpoint.clientId).toBeNull();
    const c = await registerClient(t);
    await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(c.token))
      .send({ newLead: true, lowBalance: false, payments: true, invoices: true, webhookFailures: true })
      .expect(200);
    await receiver.waitFor((all) =>
      all.some((w) => w.body.clientId === c.clientId && w.body.data.action === 'notification_preferences.updated'),
    );
    const hook = receiver.received.find((w) => w.body.clientId === c.clientId)!;
    expect(WebhookReceiver.verify(created.secret, hook)).toMatchObject({
      type: 'activity.recorded',
      data: { actorUserId: c.userId, after: { lowBalance: false } },
    });
    const failing = (await t.http().get('/api/admin/webhook-endpoints/failing').set(bearer(admin)).expect(200)).body;
    expect(failing.meta.total).toBeGreaterThanOrEqual(1);
    expect(failing.items[0]).toMatchObject({ failedLast7Days: expect.any(Number) });
    await t.http().get('/api/admin/webhook-endpoints').set(bearer(c.token)).expect(403);
  });
});

describe('webhook endpoints under production configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ worker: false, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
  });
  afterAll(async () => t.close());

  it('refuses an endpoint on 127.0.0.1 with a clear message, and saves nothing', async () => {
    const c = await registerClient(t);
    const res = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(c.token))
      .send({ url: 'http://127.0.0.1:8080/hook', eventTypes: ['lead.send_data'] })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      message: 'url points at a private, loopback or link-local address (127.0.0.1); webhooks can only go to public addresses',
      details: [
        {
          field: 'url',
          messages: ['url points at a private, loopback or link-local address (127.0.0.1); webhooks can only go to public addresses'],
        },
      ],
    });
    expect((await t.http().get('/api/webhook-endpoints').set(bearer(c.token)).expect(200)).body.meta.total).toBe(0);
    const ok = await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(c.token))
      .send({ url: 'https://93.184.216.34/hook', eventTypes: ['lead.send_data'] })
      .expect(201);
    await t
      .http()
      .patch(`/api/webhook-endpoints/${ok.body.endpoint.id}`)
      .set(bearer(c.token))
      .send({ url: 'https://10.0.0.5/hook' })
      .expect(400);
    expect((await t.http().get(`/api/webhook-endpoints/${ok.body.endpoint.id}`).set(bearer(c.token)).expect(200)).body.url).toBe(
      'https://93.184.216.34/hook',
    );
  });
});

describe('the per-endpoint rate limit', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RATE_PER_SECOND: '4', WEBHOOK_RELAY_INTERVAL_MS: '25' } });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('sends no more than the limit per second to one endpoint, and still sends everything', async () => {
    const c = await registerClient(t);
    const ep = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(c.token))
        .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body.endpoint;
    for (let i = 0; i < 10; i += 1) await t.http().post(`/api/webhook-endpoints/${ep.id}/test`).set(bearer(c.token)).expect(202);
    await receiver.waitFor((all) => all.length === 10);
    const perSecond = new Map<number, number>();
    for (const w of receiver.received) perSecond.set(Math.floor(w.at / 1_000), (perSecond.get(Math.floor(w.at / 1_000)) ?? 0) + 1);
    // The limiter counts by the second it sends in; the receiver by the second it receives in, a
    // millisecond or so later — so one request may land in the next second's count.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(5);
    // Ten at four a second need three seconds' windows: over a second from first to last (unlimited, a few hundred ms).
    expect(receiver.received.at(-1)!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(1_000);
  });
});
