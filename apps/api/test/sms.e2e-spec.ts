import { bearer, connectXero, createAdmin, createIndustry, EVERY_DAY, onboardBuyer, type IndustryBody } from './utils/actors';
import { codeTextedTo, postTwilioForm, textsTo, verifiedNumber } from './utils/sms';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
const PRICE = 1_000;
const PER_WINDOW = 3;
const SMS_PRICE = 5;
let n = 0;
const lead = (tag: string) => {
  n += 1;
  return {
    lead_id: `LB-SMS-${tag}-${Date.now()}-${n}`,
    firstname: 'Grace',
    lastname: `Hopper${n}`,
    phone1: `07700${String(500000 + n)}`,
    postcode: 'M1 1AE',
  };
};
let phones = 0;
const newPhone = () => {
  phones += 1;
  return `+447700${String(Date.now() % 10_000).padStart(4, '0')}${String(phones).padStart(2, '0')}`;
};

describe('SMS alerts, usage rebilling and the notification log', () => {
  let t: TestApp;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create({
      env: { SMS_ALERTS_PER_WINDOW: String(PER_WINDOW), SMS_ALERT_WINDOW_SECONDS: '20', SMS_PRICE_PER_SEGMENT: String(SMS_PRICE) },
    });
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: PRICE, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => t.close());

  const ledger = (clientId: string) =>
    t.db.query(
      `SELECT kind, amount::int AS amount, cause FROM ledger_entries WHERE client_id = $1 AND cause LIKE 'usage%' ORDER BY created_at`,
      [clientId],
    ) as Promise<Array<{ kind: string; amount: number; cause: string }>>;
  const sandboxSettings = (settings: Record<string, unknown>) =>
    fetch(`${t.sandbox.url}/_sandbox/twilio/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(settings),
    });
  const newLeadTexts = async (phone: string) => (await textsTo(t, phone)).filter((m) => m.body.startsWith('New '));

  it('verifies a number by a texted code: wrong codes counted, resends throttled, other people’s numbers not found', async () => {
    const b = await onboardBuyer(t, industry.id);
    const other = await onboardBuyer(t, industry.id);
    await t.http().post('/api/sms/numbers').set(bearer(b.token)).send({ phone: '020 7946 0018' }).expect(422);
    const phone = newPhone();
    const added = (await t.http().post('/api/sms/numbers').set(bearer(b.token)).send({ phone }).expect(201)).body;
    expect(added).toMatchObject({ phone, verified: false });
    await t.http().post('/api/sms/numbers').set(bearer(b.token)).send({ phone }).expect(409);
    const code = await codeTextedTo(t, phone);
    // The code is in the text only: the stored message is masked.
    const stored = await t.db.query(`SELECT body FROM sms_messages WHERE number_id = $1`, [added.id]);
    expect(stored[0].body).not.toContain(code);
    const wrong = code === '000000' ? '111111' : '000000';
    const miss = await t.http().post(`/api/sms/numbers/${added.id}/verify`).set(bearer(b.token)).send({ code: wrong }).expect(422);
    expect(miss.body.message).toMatch(/4 tries left/);
    await t.http().post(`/api/sms/numbers/${added.id}/resend`).set(bearer(b.token)).expect(429);
    await t.http().post(`/api/sms/numbers/${added.id}/verify`).set(bearer(other.token)).send({ code }).expect(404);
    await t.http().patch(`/api/sms/numbers/${added.id}`).set(bearer(other.token)).send({ newLeads: false }).expect(404);
    await t.http().delete(`/api/sms/numbers/${added.id}`).set(bearer(other.token)).expect(404);
    const ok = await t.http().post(`/api/sms/numbers/${added.id}/verify`).set(bearer(b.token)).send({ code }).expect(200);
    expect(ok.body.verified).toBe(true);
    expect((await t.http().get('/api/sms/numbers').set(bearer(other.token)).expect(200)).body.items).toEqual([]);
    // Quiet hours need both ends.
    await t.http().patch(`/api/sms/numbers/${added.id}`).set(bearer(b.token)).send({ quietStart: 22 }).expect(422);
  });

  it('a lead through the LeadByte URL → one text with its details, one SMS charge, counted in usage and the log', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    const number = await verifiedNumber(t, b.token, newPhone());
    const sent = lead('one');
    await t.http().post(b.path).send(sent).expect(201);
    const texts = await until(
      'the new-lead text',
      () => newLeadTexts(number.phone),
      (all) => all.length === 1,
    );
    expect(texts[0].body).toContain(`Grace ${sent.lastname}`);
    expect(texts[0].body).toContain('M1 1AE');
    await until(
      'the SMS charge',
      () => ledger(b.clientId),
      (rows) => rows.length === 1,
    );
    expect(await ledger(b.clientId)).toEqual([expect.objectContaining({ kind: 'usage_charge', amount: -SMS_PRICE })]);
    const usage = (await t.http().get('/api/usage').set(bearer(b.token)).expect(200)).body;
    expect(usage.totals).toEqual([{ channel: 'sms', messages: 1, units: 1, amount: SMS_PRICE }]);
    const log = await until(
      'the log with the text delivered',
      async () => (await t.http().get('/api/notifications/log?channel=sms').set(bearer(b.token)).expect(200)).body,
      (page) => page.items.some((i: { type: string; status: string }) => i.type === 'new_lead' && i.status === 'delivered'),
    );
    const text = log.items.find((i: { type: string }) => i.type === 'new_lead');
    expect(text).toMatchObject({ channel: 'sms', outcome: 'sent', cost: SMS_PRICE });
    expect(text.recipient).not.toContain(number.phone.slice(3, 10));
    // The verification code was free: recorded for the admins, not charged.
    const rows = await t.db.query(`SELECT status, reason FROM usage_records WHERE client_id = $1 ORDER BY created_at`, [b.clientId]);
    expect(rows).toEqual([
      { status: 'unbilled', reason: 'not_billed' },
      { status: 'charged', reason: null },
    ]);
  });

  it('a status callback with a bad signature is refused and changes nothing; `undelivered` three times refunds once', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    const number = await verifiedNumber(t, b.token, newPhone());
    // Twilio holds the text at `queued` for now: the callbacks below are the only news of it.
    await sandboxSettings({ statusDelayMs: 600_000 });
    let heldSid = '';
    try {
      await t.http().post(b.path).send(lead('cb')).expect(201);
      const [text] = await until(
        'the text',
        () => newLeadTexts(number.phone),
        (all) => all.length === 1,
      );
      heldSid = text.sid;
      await until(
        'its charge',
        () => ledger(b.clientId),
        (rows) => rows.length === 1,
      );
      const undelivered = {
        MessageSid: text.sid,
        SmsSid: text.sid,
        MessageStatus: 'undelivered',
        SmsStatus: 'undelivered',
        ErrorCode: '30003',
        AccountSid: t.sandbox.twilio.accountSid,
        From: text.from,
        To: text.to,
        ApiVersion: '2010-04-01',
      };
      const forged = await postTwilioForm(t, '/api/sms/twilio/status', undelivered, 'bm90IGEgc2lnbmF0dXJl');
      expect(forged.status).toBe(403);
      const unsigned = await fetch(`${t.url}/api/sms/twilio/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(undelivered),
      });
      expect(unsigned.status).toBe(403);
      // Signed for other fields than the ones sent: refused too.
      const tampered = await postTwilioForm(t, '/api/sms/twilio/status', { ...undelivered, ErrorCode: '30005' }, undefined, undelivered);
      expect(tampered.status).toBe(403);
      expect(await t.db.query(`SELECT status FROM sms_messages WHERE twilio_sid = $1`, [text.sid])).toEqual([{ status: 'queued' }]);
      expect(await ledger(b.clientId)).toHaveLength(1);
      // The real one, three times (Twilio delivers at least once), racing each other.
      const answers = await Promise.all([1, 2, 3].map(() => postTwilioForm(t, '/api/sms/twilio/status', undelivered)));
      expect(answers.map((r) => r.status)).toEqual([204, 204, 204]);
      const [row] = await t.db.query(`SELECT status, error_code, error_message FROM sms_messages WHERE twilio_sid = $1`, [text.sid]);
      expect(row).toEqual({ status: 'undelivered', error_code: 30003, error_message: expect.stringMatching(/30003/) });
      const entries = await ledger(b.clientId);
      expect(entries.map((e) => [e.kind, e.amount])).toEqual([
        ['usage_charge', -SMS_PRICE],
        ['refund', SMS_PRICE],
      ]);
      // A late `delivered` does not move it back.
      expect((await postTwilioForm(t, '/api/sms/twilio/status', { ...undelivered, MessageStatus: 'sent', SmsStatus: 'sent' })).status).toBe(
        204,
      );
      expect(await t.db.query(`SELECT status FROM sms_messages WHERE twilio_sid = $1`, [text.sid])).toEqual([{ status: 'undelivered' }]);
      const [money] = await t.db.query(
        `SELECT (SELECT balance::int FROM credit_accounts WHERE client_id = $1) AS balance, (SELECT sum(amount)::int FROM ledger_entries WHERE client_id = $1) AS ledger`,
        [b.clientId],
      );
      expect(money.balance).toBe(money.ledger);
    } finally {
      await sandboxSettings({ statusDelayMs: 50 });
      // Twilio's own news of it, at last (it changes nothing now), so the sandbox holds nothing back.
      if (heldSid)
        await fetch(`${t.sandbox.url}/_sandbox/twilio/messages/${heldSid}/callback`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'undelivered', errorCode: 30003 }),
        });
    }
  });

  it('a text Twilio cannot deliver (fail-next at delivery) ends undelivered and is refunded once', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    const number = await verifiedNumber(t, b.token, newPhone());
    await fetch(`${t.sandbox.url}/_sandbox/twilio/fail`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stage: 'delivery', code: 30003 }),
    });
    await t.http().post(b.path).send(lead('undel')).expect(201);
    await until(
      'the refund',
      () => ledger(b.clientId),
      (rows) => rows.some((r) => r.kind === 'refund'),
    );
    const [text] = await newLeadTexts(number.phone);
    // Twilio's callback again, as a retry would: still one refund.
    await fetch(`${t.sandbox.url}/_sandbox/twilio/messages/${text.sid}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'undelivered', errorCode: 30003 }),
    });
    await fetch(`${t.sandbox.url}/_sandbox/twilio/idle`, { method: 'POST' });
    const entries = await ledger(b.clientId);
    expect(entries.map((e) => e.kind)).toEqual(['usage_charge', 'refund']);
    const log = (await t.http().get('/api/notifications/log?outcome=failed').set(bearer(b.token)).expect(200)).body;
    expect(log.items).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'undelivered', cost: 0, detail: expect.stringMatching(/30003/) }),
    ]);
  });

  it('STOP switches a number off (no more texts), START back on', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    const number = await verifiedNumber(t, b.token, newPhone());
    const reply = (body: string) =>
      fetch(`${t.sandbox.url}/_sandbox/twilio/inbound`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: number.phone, body }),
      }).then((r) => r.json() as Promise<{ delivered: { status: number } | null }>);
    expect((await reply('Stop')).delivered).toEqual(expect.objectContaining({ status: 200 }));
    const listed = (await t.http().get('/api/sms/numbers').set(bearer(b.token)).expect(200)).body.items[0];
    expect(listed.optedOutAt).not.toBeNull();
    await t.http().post(b.path).send(lead('stopped')).expect(201);
    // The lead's other work (its webhook event, its email) is done; no text went.
    await until(
      'the lead event published',
      () =>
        t.db.query(
          `SELECT count(*)::int AS n FROM outbox_events WHERE client_id = $1 AND type = 'lead.send_data' AND published_at IS NOT NULL`,
          [b.clientId],
        ),
      (r) => r[0].n === 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await newLeadTexts(number.phone)).toEqual([]);
    // A forged reply cannot switch anyone back on.
    const forged = await postTwilioForm(t, '/api/sms/twilio/inbound', { From: number.phone, Body: 'START' }, 'Zm9yZ2Vk');
    expect(forged.status).toBe(403);
    expect((await t.http().get('/api/sms/numbers').set(bearer(b.token)).expect(200)).body.items[0].optedOutAt).not.toBeNull();
    await reply('START');
    await t.http().post(b.path).send(lead('started')).expect(201);
    await until(
      'a text again',
      () => newLeadTexts(number.phone),
      (all) => all.length === 1,
    );
    const activity = await t.db.query(
      `SELECT action FROM activity_log WHERE client_id = $1 AND action LIKE 'sms_number.opted%' ORDER BY created_at`,
      [b.clientId],
    );
    expect(activity.map((a: { action: string }) => a.action)).toEqual(['sms_number.opted_out', 'sms_number.opted_in']);
  });

  it(`200 leads in a burst → at most ${PER_WINDOW} + 1 texts to a number (the rest in one summary), every text charged once`, async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 1_000_000, prefs: { ...EVERY_DAY, dailyCap: 1_000 } });
    const number = await verifiedNumber(t, b.token, newPhone());
    const answers = await Promise.all(Array.from({ length: 200 }, () => t.http().post(b.path).send(lead('storm'))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(200);
    const texts = await until(
      'the summary text',
      async () => (await textsTo(t, number.phone)).filter((m) => !m.body.includes('verification code')),
      (all) => all.some((m) => /more new leads/.test(m.body)),
      60_000,
    );
    await fetch(`${t.sandbox.url}/_sandbox/twilio/idle`, { method: 'POST' });
    const all = (await textsTo(t, number.phone)).filter((m) => !m.body.includes('verification code'));
    expect(all.length).toBeLessThanOrEqual(PER_WINDOW + 1);
    expect(all.filter((m) => /more new leads/.test(m.body))).toHaveLength(1);
    expect(texts.find((m) => /more new leads/.test(m.body))!.body).toContain(`${200 - PER_WINDOW} more new leads`);
    const charges = await until(
      'every text charged',
      () => ledger(b.clientId),
      (rows) => rows.length === all.length,
    );
    expect(new Set(charges.map((c) => c.cause)).size).toBe(all.length);
    const held = await t.db.query(`SELECT count(*)::int AS n FROM sms_messages WHERE number_id = $1 AND status = 'suppressed'`, [
      number.id,
    ]);
    expect(held[0].n).toBe(200 - PER_WINDOW);
  });

  it('a non-billable client’s texts are recorded for the admins, never charged; admins see cost against revenue', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    await t.db.query(`UPDATE clients SET billing_mode = 'non_billable' WHERE id = $1`, [b.clientId]);
    const number = await verifiedNumber(t, b.token, newPhone());
    await t.http().post(b.path).send(lead('free')).expect(201);
    await until(
      'the text',
      () => newLeadTexts(number.phone),
      (all) => all.length === 1,
    );
    await until(
      'its usage',
      () => t.db.query(`SELECT status, reason FROM usage_records WHERE client_id = $1 AND reason = 'non_billable'`, [b.clientId]),
      (r) => r.length === 1,
    );
    expect(await ledger(b.clientId)).toEqual([]);
    const admin = await createAdmin(t);
    const report = (await t.http().get('/api/admin/usage').set(bearer(admin)).expect(200)).body;
    const row = report.clients.find((c: { clientId: string }) => c.clientId === b.clientId);
    expect(row).toMatchObject({ messages: 2, units: 2, revenue: 0, unbilledUnits: 2 });
    expect(row.cost).toBeGreaterThan(0);
    await t.http().get('/api/admin/usage').set(bearer(b.token)).expect(403);
    const log = (await t.http().get(`/api/admin/clients/${b.clientId}/notifications`).set(bearer(admin)).expect(200)).body;
    expect(log.items.length).toBeGreaterThan(0);
  });

  it('out of credit: an out-of-credit text (money alerts ignore quiet hours), texts the balance cannot cover are recorded unbilled', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: PRICE, prefs: EVERY_DAY });
    const number = await verifiedNumber(t, b.token, newPhone());
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(new Date()),
    );
    // Quiet hours now: the new-lead text is dropped, the money alert still goes.
    await t
      .http()
      .patch(`/api/sms/numbers/${number.id}`)
      .set(bearer(b.token))
      .send({ quietStart: hour, quietEnd: (hour + 1) % 24 })
      .expect(200);
    await t.http().post(b.path).send(lead('zero')).expect(201);
    const texts = await until(
      'the out-of-credit text',
      async () => (await textsTo(t, number.phone)).filter((m) => !m.body.includes('verification code')),
      (all) => all.some((m) => m.body.includes('out of credit')),
    );
    expect(texts.map((m) => m.body)).toEqual([expect.stringContaining('out of credit (£0.00)')]);
    const messages = await until(
      'both messages settled',
      () =>
        t.db.query(`SELECT kind, status, error_message FROM sms_messages WHERE number_id = $1 AND kind <> 'verification' ORDER BY kind`, [
          number.id,
        ]),
      (rows) => rows.length === 2 && rows.every((r: { status: string }) => r.status !== 'pending' && r.status !== 'queued'),
    );
    expect(messages).toEqual([
      { kind: 'new_lead', status: 'skipped', error_message: 'quiet hours' },
      { kind: 'out_of_credit', status: expect.stringMatching(/^(sent|delivered)$/), error_message: null },
    ]);
    await until(
      'its usage',
      () => t.db.query(`SELECT status, reason FROM usage_records WHERE client_id = $1 AND reason = 'no_credit'`, [b.clientId]),
      (r) => r.length === 1,
    );
    expect(await ledger(b.clientId)).toEqual([]);
    const held = (await t.http().get('/api/notifications/log?outcome=held').set(bearer(b.token)).expect(200)).body.items;
    expect(held).toEqual([expect.objectContaining({ channel: 'sms', type: 'new_lead', detail: 'quiet hours', cost: 0 })]);
  });

  it('caps verification codes per account (each costs a text), and refuses bad log cursors and months', async () => {
    const b = await onboardBuyer(t, industry.id);
    const first = (await t.http().post('/api/sms/numbers').set(bearer(b.token)).send({ phone: newPhone() }).expect(201)).body;
    await codeTextedTo(t, first.phone);
    await t.db.query(
      `INSERT INTO sms_messages (client_id, number_id, to_phone, kind, cause, body, status)
       SELECT $1, $2::uuid, $3, 'verification', 'test-code:' || $2::text || ':' || i, 'code', 'delivered' FROM generate_series(1, 9) i`,
      [b.clientId, first.id, first.phone],
    );
    const refused = await t.http().post('/api/sms/numbers').set(bearer(b.token)).send({ phone: newPhone() }).expect(429);
    expect(refused.body.message).toMatch(/10 verification codes in the last hour/);
    await t.db.query(`UPDATE sms_numbers SET code_requested_at = now() - interval '1 minute' WHERE id = $1`, [first.id]);
    await t.http().post(`/api/sms/numbers/${first.id}/resend`).set(bearer(b.token)).expect(429);
    for (const before of ['2026-13-45T99:99:99.999Z|00000000-0000-0000-0000-000000000000', 'yesterday'])
      await t.http().get('/api/notifications/log').query({ before }).set(bearer(b.token)).expect(400);
    await t.http().get('/api/usage?month=0000-01').set(bearer(b.token)).expect(400);
  });

  it('Twilio refusing a text (21211, 21610): failed for good, uncharged, the code shown; 21610 switches the number off', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: EVERY_DAY });
    await verifiedNumber(t, b.token, newPhone());
    const refuse = (code: number) =>
      fetch(`${t.sandbox.url}/_sandbox/twilio/fail`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ stage: 'create', code, status: 400 }),
      });
    await refuse(21211);
    await t.http().post(b.path).send(lead('refused')).expect(201);
    const mine = async () => (await t.http().get('/api/sms/numbers').set(bearer(b.token)).expect(200)).body.items[0];
    expect((await until('the refusal shown', mine, (n) => n.lastProblem !== null)).lastProblem).toMatch(/^21211: not a valid phone number/);
    const log = (await t.http().get('/api/notifications/log?channel=sms&outcome=failed').set(bearer(b.token)).expect(200)).body.items;
    expect(log).toEqual([
      expect.objectContaining({ type: 'new_lead', status: 'failed', cost: 0, detail: expect.stringMatching(/^21211/) }),
    ]);
    await refuse(21610);
    await t.http().post(b.path).send(lead('unsubscribed')).expect(201);
    const off = await until('the number switched off', mine, (n) => n.optedOutAt !== null);
    expect(off.lastProblem).toMatch(/^21610/);
    expect(await ledger(b.clientId)).toEqual([]);
  });

  it('pages the notification log by cursor without losing rows written in the same millisecond', async () => {
    const b = await onboardBuyer(t, industry.id);
    await t.db.query(
      `INSERT INTO sent_emails (client_id, kind, to_email, subject, status, created_at)
       SELECT $1, 'new_lead', 'owner@example.co.uk', 'Lead ' || i, 'sent', '2026-12-01T10:00:00.123Z'::timestamptz + (i || ' microseconds')::interval
         FROM generate_series(1, 7) i`,
      [b.clientId],
    );
    const seen: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = (
        await t
          .http()
          .get('/api/notifications/log')
          .query({ channel: 'email', limit: 2, ...(before ? { before } : {}) })
          .set(bearer(b.token))
          .expect(200)
      ).body as { items: Array<{ id: string }>; next: string | null };
      seen.push(...page.items.map((i) => i.id));
      before = page.next;
      if (!before) break;
    }
    const all = await t.db.query(
      `SELECT id FROM sent_emails WHERE client_id = $1 AND subject LIKE 'Lead %' ORDER BY created_at DESC, id DESC`,
      [b.clientId],
    );
    expect(seen.filter((id) => all.some((r: { id: string }) => r.id === id))).toEqual(all.map((r: { id: string }) => r.id));
  });
});
