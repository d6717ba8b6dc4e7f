import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { RunningSandbox } from '../src';
import { control, rejectionOf, startTestSandbox, TestServer, waitFor, type Received } from './helpers';

/** What the API does: the official SDK, with every request sent to the sandbox instead of api.twilio.com. */
class SandboxRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.baseUrl}${uri.pathname}${uri.search}` });
  }
}

interface Summary {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  direction: string;
  errorCode: number | null;
}

const FROM = '+447700900001';
const form = (r: Received): Record<string, string> => Object.fromEntries(new URLSearchParams(r.body));

describe('Twilio Programmable Messaging emulator', () => {
  let sandbox: RunningSandbox;
  let client: twilio.Twilio;
  let endpoint: TestServer;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = twilio(sandbox.twilio.accountSid, sandbox.twilio.authToken, { httpClient: new SandboxRequestClient(sandbox.twilio.baseUrl) });
    endpoint = await new TestServer().start();
    endpoint.respond = () => ({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
  });
  afterAll(async () => {
    await sandbox.close();
    await endpoint.close();
  });
  beforeEach(async () => {
    await control(sandbox, 'POST', '/reset');
    endpoint.received.length = 0;
  });

  const idle = (): Promise<unknown> => control(sandbox, 'POST', '/twilio/idle');

  it('creates a message the way Twilio answers it, counting GSM-7 and UCS-2 segments', async () => {
    const gsm = await client.messages.create({ to: '+447700900123', from: FROM, body: 'a'.repeat(161) });
    expect(gsm).toMatchObject({
      accountSid: sandbox.twilio.accountSid,
      apiVersion: '2010-04-01',
      body: 'a'.repeat(161),
      to: '+447700900123',
      from: FROM,
      messagingServiceSid: null,
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '2',
      numMedia: '0',
      errorCode: null,
      errorMessage: null,
      price: null,
      priceUnit: 'USD',
      dateSent: null,
      uri: `/2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages/${gsm.sid}.json`,
    });
    expect(gsm.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(gsm.dateCreated).toBeInstanceOf(Date);
    expect(gsm.subresourceUris).toEqual({
      media: `/2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages/${gsm.sid}/Media.json`,
      feedback: `/2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages/${gsm.sid}/Feedback.json`,
    });
    // The wire format itself: RFC 2822 dates, num_segments as a string.
    const raw = await fetch(`${sandbox.twilio.baseUrl}/2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages/${gsm.sid}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${sandbox.twilio.accountSid}:${sandbox.twilio.authToken}`).toString('base64')}` },
    });
    const json = (await raw.json()) as Record<string, unknown>;
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.num_segments).toBe('2');

    const counts = async (body: string): Promise<string> =>
      (await client.messages.create({ to: '+447700900123', from: FROM, body })).numSegments;
    expect(await counts('a'.repeat(160))).toBe('1');
    expect(await counts('a'.repeat(306))).toBe('2');
    expect(await counts('a'.repeat(307))).toBe('3');
    expect(await counts('€'.repeat(80))).toBe('1'); // an extension character counts two septets
    expect(await counts('€'.repeat(81))).toBe('2');
    expect(await counts('Your lead is ready 😀')).toBe('1'); // any non-GSM character: UCS-2
    expect(await counts('é'.repeat(70) + 'ł')).toBe('2');
    expect(await counts('ł'.repeat(134))).toBe('2');
    expect(await counts('ł'.repeat(135))).toBe('3');
  });

  it('fetches and lists messages in the page envelope, newest first, filtered by To', async () => {
    const first = await client.messages.create({ to: '+447700900201', from: FROM, body: 'one' });
    const second = await client.messages.create({ to: '+447700900201', from: FROM, body: 'two' });
    await client.messages.create({ to: '+447700900202', from: FROM, body: 'other' });
    expect((await client.messages(first.sid).fetch()).body).toBe('one');
    const listed = await client.messages.list({ to: '+447700900201' });
    expect(listed.map((m) => m.sid)).toEqual([second.sid, first.sid]);
    // Paging follows next_page_uri.
    const paged = await client.messages.list({ pageSize: 1 });
    expect(paged).toHaveLength(3);
    const missing = await rejectionOf(client.messages('SM00000000000000000000000000000000').fetch());
    expect(missing).toMatchObject({
      status: 404,
      code: 20404,
      message: `The requested resource /2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages/SM00000000000000000000000000000000.json was not found`,
    });
  });

  it('posts signed status callbacks in order (no callback for queued) and keeps each attempt', async () => {
    const url = `${endpoint.url}/twilio/status?lead=42`;
    const message = await client.messages.create({ to: '+447700900301', from: FROM, body: 'Hello', statusCallback: url });
    await idle();
    expect(endpoint.received.map((r) => form(r).MessageStatus)).toEqual(['sent', 'delivered']);
    for (const r of endpoint.received) {
      const params = form(r);
      expect(r.path).toBe('/twilio/status?lead=42');
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(r.headers['user-agent']).toBe('TwilioProxy/1.1');
      expect(twilio.validateRequest(sandbox.twilio.authToken, String(r.headers['x-twilio-signature']), url, params)).toBe(true);
      expect(twilio.validateRequest('another token', String(r.headers['x-twilio-signature']), url, params)).toBe(false);
      expect(params).toEqual({
        MessageSid: message.sid,
        SmsSid: message.sid,
        AccountSid: sandbox.twilio.accountSid,
        From: FROM,
        To: '+447700900301',
        MessageStatus: params.MessageStatus,
        SmsStatus: params.MessageStatus,
        ApiVersion: '2010-04-01',
      });
    }
    const fetched = await client.messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
    const { json } = await control<{ callbacks: Array<{ url: string; status: number; params: Record<string, string> }> }>(
      sandbox,
      'GET',
      `/twilio/callbacks?messageSid=${message.sid}`,
    );
    expect(json.callbacks.map((c) => [c.url, c.params.MessageStatus, c.status])).toEqual([
      [url, 'sent', 200],
      [url, 'delivered', 200],
    ]);

    // The same callback again, on demand.
    const again = await control<{ callback: { status: number; params: Record<string, string> } }>(
      sandbox,
      'POST',
      `/twilio/messages/${message.sid}/callback`,
      { status: 'delivered' },
    );
    expect(again.json.callback).toMatchObject({ status: 200, params: { MessageStatus: 'delivered' } });
    expect(endpoint.received).toHaveLength(3);
    expect(endpoint.received[2].headers['i-twilio-idempotency-token']).toBe(endpoint.received[1].headers['i-twilio-idempotency-token']);
  });

  it('sends through a Messaging Service: accepted with no From, then queued from one of its numbers', async () => {
    const service = `MG${'1'.repeat(32)}`;
    const url = `${endpoint.url}/status`;
    const message = await client.messages.create({ to: '+447700900351', messagingServiceSid: service, body: 'Hi', statusCallback: url });
    expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: service });
    await idle();
    const sent = await client.messages(message.sid).fetch();
    expect(sent.status).toBe('delivered');
    expect(sent.from).toMatch(/^\+1202555\d{4}$/);
    expect(endpoint.received.map((r) => [form(r).MessageStatus, form(r).MessagingServiceSid, form(r).From])).toEqual([
      ['queued', service, sent.from],
      ['sent', service, sent.from],
      ['delivered', service, sent.from],
    ]);
    // A STOP to the service's number opts out of the whole service.
    await control(sandbox, 'POST', '/twilio/inbound', { from: '+447700900351', body: 'UNSUBSCRIBE' });
    expect(await rejectionOf(client.messages.create({ to: '+447700900351', messagingServiceSid: service, body: 'x' }))).toMatchObject({
      code: 21610,
    });
  });

  it('answers Twilio errors the SDK raises as RestException', async () => {
    const badTo = await rejectionOf(client.messages.create({ to: '07700 900123', from: FROM, body: 'x' }));
    expect(badTo).toBeInstanceOf(twilio.RestException);
    expect(badTo).toMatchObject({
      status: 400,
      code: 21211,
      message: "The 'To' number 07700 900123 is not a valid phone number.",
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
    expect(await rejectionOf(client.messages.create({ to: '+447700900123', body: 'x' }))).toMatchObject({ status: 400, code: 21603 });
    expect(await rejectionOf(client.messages.create({ to: '+447700900123', from: FROM }))).toMatchObject({ status: 400, code: 21602 });
    expect(await rejectionOf(client.messages.create({ to: '+447700900123', from: FROM, body: 'x'.repeat(1601) }))).toMatchObject({
      status: 400,
      code: 21617,
    });

    const wrongToken = twilio(sandbox.twilio.accountSid, 'not the token', { httpClient: new SandboxRequestClient(sandbox.twilio.baseUrl) });
    expect(await rejectionOf(wrongToken.messages.create({ to: '+447700900123', from: FROM, body: 'x' }))).toMatchObject({
      status: 401,
      code: 20003,
      message: 'Authenticate',
    });
    const otherAccount = twilio(`AC${'b'.repeat(32)}`, sandbox.twilio.authToken, {
      httpClient: new SandboxRequestClient(sandbox.twilio.baseUrl),
    });
    expect(await rejectionOf(otherAccount.messages.list())).toMatchObject({ status: 401, code: 20003 });
    const raw = await fetch(`${sandbox.twilio.baseUrl}/2010-04-01/Accounts/${sandbox.twilio.accountSid}/Messages.json`);
    expect(await raw.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    expect((await control<{ messages: unknown[] }>(sandbox, 'GET', '/twilio/messages')).json.messages).toHaveLength(0);
  });

  it('fails the next creates, or the next deliveries, on demand', async () => {
    const armed = await control(sandbox, 'POST', '/twilio/fail', { count: 2, code: 20429, status: 429 });
    expect(armed.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      expect(await rejectionOf(client.messages.create({ to: '+447700900401', from: FROM, body: 'x' }))).toMatchObject({
        status: 429,
        code: 20429,
        message: 'Too Many Requests',
      });
    }
    expect((await client.messages.create({ to: '+447700900401', from: FROM, body: 'x' })).status).toBe('queued');

    await control(sandbox, 'POST', '/twilio/fail', { stage: 'delivery', code: 30003 });
    await control(sandbox, 'POST', '/twilio/fail', { stage: 'delivery', code: 30008, finalStatus: 'failed' });
    const url = `${endpoint.url}/status`;
    const undelivered = await client.messages.create({ to: '+447700900402', from: FROM, body: 'x', statusCallback: url });
    const failed = await client.messages.create({ to: '+447700900403', from: FROM, body: 'x', statusCallback: url });
    const delivered = await client.messages.create({ to: '+447700900404', from: FROM, body: 'x', statusCallback: url });
    await idle();
    expect(await client.messages(undelivered.sid).fetch()).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
      errorMessage: 'Unreachable destination handset',
    });
    expect(await client.messages(failed.sid).fetch()).toMatchObject({ status: 'failed', errorCode: 30008, dateSent: null });
    expect((await client.messages(delivered.sid).fetch()).status).toBe('delivered');
    const statuses = (sid: string): string[][] =>
      endpoint.received
        .map(form)
        .filter((p) => p.MessageSid === sid)
        .map((p) => [p.MessageStatus, p.ErrorCode ?? '-']);
    expect(statuses(undelivered.sid)).toEqual([
      ['sent', '-'],
      ['undelivered', '30003'],
    ]);
    expect(statuses(failed.sid)).toEqual([['failed', '30008']]);
    expect(statuses(delivered.sid)).toEqual([
      ['sent', '-'],
      ['delivered', '-'],
    ]);
  });

  it('takes STOP and START replies like Twilio: refuses to text an opted-out number until START', async () => {
    const inboundUrl = `${endpoint.url}/twilio/inbound`;
    sandbox.setTwilioInbound(inboundUrl);
    try {
      await client.messages.create({ to: '+447700900501', from: FROM, body: 'New lead for you' });
      const stop = await control<{ sid: string; delivered: { status: number } }>(sandbox, 'POST', '/twilio/inbound', {
        from: '+447700900501',
        body: ' stop ',
      });
      expect(stop.status).toBe(200);
      expect(stop.json).toMatchObject({ sid: expect.stringMatching(/^SM/), delivered: { status: 200 } });

      const hook = await waitFor(() => endpoint.received.find((r) => r.path === '/twilio/inbound'));
      const params = form(hook);
      expect(params).toMatchObject({
        MessageSid: stop.json.sid,
        SmsMessageSid: stop.json.sid,
        SmsSid: stop.json.sid,
        AccountSid: sandbox.twilio.accountSid,
        From: '+447700900501',
        To: FROM,
        Body: ' stop ',
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        OptOutType: 'STOP',
      });
      expect(params.MessagingServiceSid).toBeUndefined();
      expect(twilio.validateRequest(sandbox.twilio.authToken, String(hook.headers['x-twilio-signature']), inboundUrl, params)).toBe(true);

      expect(await rejectionOf(client.messages.create({ to: '+447700900501', from: FROM, body: 'Another lead' }))).toMatchObject({
        status: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      });
      // Only that pair: another of our numbers may still text them.
      expect((await client.messages.create({ to: '+447700900501', from: '+447700900002', body: 'Hi' })).status).toBe('queued');

      const texts = await control<{ messages: Summary[] }>(sandbox, 'GET', '/twilio/messages?to=%2B447700900501');
      expect(texts.json.messages[1]).toMatchObject({
        direction: 'outbound-reply',
        from: FROM,
        body: expect.stringContaining('unsubscribed'),
      });

      const start = await control<{ delivered: { status: number } }>(sandbox, 'POST', '/twilio/inbound', {
        from: '+447700900501',
        to: FROM,
        body: 'START',
      });
      expect(start.json.delivered.status).toBe(200);
      expect(form(endpoint.received[endpoint.received.length - 1]).OptOutType).toBe('START');
      expect((await client.messages.create({ to: '+447700900501', from: FROM, body: 'Welcome back' })).status).toBe('queued');

      const plain = await control<{ delivered: unknown }>(sandbox, 'POST', '/twilio/inbound', { from: '+447700900501', body: 'Thanks!' });
      expect(plain.json.delivered).toEqual({ status: 200 });
      expect(form(endpoint.received[endpoint.received.length - 1]).OptOutType).toBeUndefined();
    } finally {
      await control(sandbox, 'POST', '/twilio/inbound-url', { url: null });
    }
  });

  it('needs to know which number a reply goes to, and answers delivered null without an inbound URL', async () => {
    const unknown = await control<{ error: string }>(sandbox, 'POST', '/twilio/inbound', { from: '+447700900601', body: 'hi' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toContain('to');
    const given = await control(sandbox, 'POST', '/twilio/inbound', { from: '+447700900601', to: FROM, body: 'hi' });
    expect(given.json).toMatchObject({ sid: expect.stringMatching(/^SM/), delivered: null });
  });

  it('reset forgets texts, opt-outs, callbacks and armed failures', async () => {
    await client.messages.create({ to: '+447700900701', from: FROM, body: 'x', statusCallback: `${endpoint.url}/status` });
    await control(sandbox, 'POST', '/twilio/inbound', { from: '+447700900701', body: 'STOP' });
    await control(sandbox, 'POST', '/twilio/fail', { stage: 'delivery', code: 30003 });
    await control(sandbox, 'POST', '/twilio/settings', { statusDelayMs: 5000 });
    await control(sandbox, 'POST', '/reset');
    expect((await control<{ messages: unknown[] }>(sandbox, 'GET', '/twilio/messages')).json.messages).toEqual([]);
    expect((await control<{ callbacks: unknown[] }>(sandbox, 'GET', '/twilio/callbacks')).json.callbacks).toEqual([]);
    expect((await control<{ optOuts: unknown[] }>(sandbox, 'GET', '/twilio/opt-outs')).json.optOuts).toEqual([]);
    expect((await control<{ statusDelayMs: number }>(sandbox, 'GET', '/twilio/settings')).json.statusDelayMs).toBe(50);
    const again = await client.messages.create({ to: '+447700900701', from: FROM, body: 'x' });
    await idle();
    expect((await client.messages(again.sid).fetch()).status).toBe('delivered');
  });

  it('shows texts on the /sms page, escaped, newest first, filtered by recipient', async () => {
    expect(await (await fetch(`${sandbox.url}/sms`)).text()).toContain('No texts yet.');
    await client.messages.create({ to: '+447700900801', from: FROM, body: 'first' });
    await client.messages.create({ to: '+447700900802', from: FROM, body: '<script>alert("x")</script> & co' });
    const html = await (await fetch(`${sandbox.url}/sms`)).text();
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
    expect(html.indexOf('&lt;script&gt;')).toBeLessThan(html.indexOf('first'));
    const filtered = await (await fetch(`${sandbox.url}/sms?to=${encodeURIComponent('+447700900801')}`)).text();
    expect(filtered).toContain('first');
    expect(filtered).not.toContain('&lt;script&gt;');
    expect(await (await fetch(sandbox.url)).text()).toContain('<a href="/sms">SMS inbox</a>');
  });
});
