import nodemailer from 'nodemailer';
import type { RunningSandbox } from '../src';
import { generateLeads, UK_POSTCODE } from '../src';
import { control, startTestSandbox, TestServer } from './helpers';

interface MailJson {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  links: string[];
}

describe('Mail catcher', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('catches a message sent with nodemailer and serves it as JSON and in the inbox', async () => {
    const transport = nodemailer.createTransport({ host: sandbox.smtp.host, port: sandbox.smtp.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'LeadFlow <no-reply@leadflow.example>',
      to: 'buyer@example.com',
      subject: 'Verify your email',
      text: 'Verify: http://localhost:5173/verify?token=abc123',
      html: '<p>Hello</p><p><a href="http://localhost:5173/verify?token=abc123&amp;x=1">Verify your email</a></p>',
    });
    transport.close();

    const { json } = await control<{ data: MailJson[] }>(sandbox, 'GET', '/mail?to=buyer@example.com');
    expect(json.data).toHaveLength(1);
    const m = json.data[0];
    expect(m.subject).toBe('Verify your email');
    expect(m.from).toBe('no-reply@leadflow.example');
    expect(m.to).toEqual(['buyer@example.com']);
    expect(m.links).toEqual(['http://localhost:5173/verify?token=abc123&x=1', 'http://localhost:5173/verify?token=abc123']);

    const inbox = await (await fetch(sandbox.inboxUrl)).text();
    expect(inbox).toContain('Verify your email');
    const detail = await (await fetch(`${sandbox.inboxUrl}/${m.id}`)).text();
    expect(detail).toContain('<iframe');
    const html = await fetch(`${sandbox.inboxUrl}/${m.id}/html`);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');

    await control(sandbox, 'DELETE', '/mail');
    expect((await control<{ data: MailJson[] }>(sandbox, 'GET', '/mail')).json.data).toHaveLength(0);
  });
});

describe('LeadByte emulator', () => {
  let sandbox: RunningSandbox;
  let buyerEndpoint: TestServer;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ leadbyte: { apiKey: 'lb-key-1' } });
    buyerEndpoint = await new TestServer().start();
  });
  afterAll(async () => {
    await sandbox.close();
    await buyerEndpoint.close();
  });

  const createBuyer = (body: unknown, key?: string): Promise<Response> =>
    fetch(`${sandbox.leadbyteUrl}/restapi/v1.3/buyers/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { X_KEY: key } : {}) },
      body: JSON.stringify(body),
    });

  it('creates buyers with the X_KEY header and returns the bid', async () => {
    const res = await createBuyer({ company: 'Acme Solar Ltd', postcode: 'M1 1AE', external_ref: 'client-1' }, 'lb-key-1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; bid: number };
    expect(body.status).toBe('Success');
    expect(Number.isInteger(body.bid)).toBe(true);
    const second = (await (await createBuyer({ company: 'Beta Boilers' }, 'lb-key-1')).json()) as { bid: number };
    expect(second.bid).toBe(body.bid + 1);
  });

  it('rejects a missing or wrong key with 401 and a missing company with 400', async () => {
    const noKey = await createBuyer({ company: 'X' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ status: 'Error' });
    expect((await createBuyer({ company: 'X' }, 'wrong')).status).toBe(401);
    const noCompany = await createBuyer({ postcode: 'LS1 4AP' }, 'lb-key-1');
    expect(noCompany.status).toBe(400);
    expect(await noCompany.json()).toMatchObject({ status: 'Error', message: 'company is required' });
  });

  it('direct-posts a lead, judges it by keyword, and redelivers it with the same lead id', async () => {
    buyerEndpoint.respond = (_r, i) =>
      i === 0 ? { status: 200, body: '{"result":"accepted","price":12.5}' } : { status: 200, body: '{"result":"duplicate"}' };
    const [lead] = generateLeads({ industry: 'solar', count: 1, seed: 1 });
    const first = await control<{ leadId: number; status: string; httpStatus: number; body: string; price?: number }>(
      sandbox,
      'POST',
      '/leadbyte/deliveries',
      {
        url: `${buyerEndpoint.url}/leads/inbound`,
        lead,
        acceptKeyword: 'accepted',
      },
    );
    expect(first.json).toMatchObject({ status: 'accepted', httpStatus: 200, price: 12.5 });
    const posted = JSON.parse(buyerEndpoint.received[0].body) as Record<string, unknown>;
    expect(posted).toMatchObject({
      firstname: lead.firstname,
      lastname: lead.lastname,
      phone1: lead.phone1,
      postcode: lead.postcode,
      data1: lead.data1,
      lead_id: first.json.leadId,
    });

    const again = await control<{ leadId: number; status: string; attempt: number }>(
      sandbox,
      'POST',
      `/leadbyte/deliveries/${first.json.leadId}/redeliver`,
    );
    expect(again.json).toMatchObject({ leadId: first.json.leadId, status: 'rejected', attempt: 2 });
    const second = JSON.parse(buyerEndpoint.received[1].body) as Record<string, unknown>;
    expect(second.lead_id).toBe(first.json.leadId);

    const list = await control<{ data: { leadId: number; attempts: unknown[] }[] }>(sandbox, 'GET', '/leadbyte/deliveries');
    expect(list.json.data.find((d) => d.leadId === first.json.leadId)?.attempts).toHaveLength(2);
  });

  it('records a rejected delivery with the HTTP status when the endpoint errors', async () => {
    buyerEndpoint.respond = () => ({ status: 422, body: '{"error":"invalid postcode"}' });
    const res = await control<{ status: string; httpStatus: number }>(sandbox, 'POST', '/leadbyte/deliveries', {
      url: buyerEndpoint.url,
      lead: { firstname: 'A', lastname: 'B', postcode: 'XX' },
      leadId: 900001,
    });
    expect(res.json).toEqual(expect.objectContaining({ status: 'rejected', httpStatus: 422, leadId: 900001 }));
  });

  it('generates reproducible, realistic leads per industry and postcode area', async () => {
    const a = generateLeads({ industry: 'boilers', count: 20, seed: 42, postcodePrefix: 'LS' });
    const b = generateLeads({ industry: 'boilers', count: 20, seed: 42, postcodePrefix: 'LS' });
    expect(a).toEqual(b);
    for (const lead of a) {
      expect(lead.postcode).toMatch(UK_POSTCODE);
      expect(lead.postcode.startsWith('LS')).toBe(true);
      expect(lead.towncity).toBe('Leeds');
      expect(lead.phone1).toMatch(/^07\d{9}$/);
      expect(lead.email).toMatch(/^[a-z.]+\d*@example\.(co\.uk|com|org|net)$/);
      expect(['Under 5 years', '5-10 years', '10-15 years', 'Over 15 years']).toContain(lead.data1);
      expect(['Mains gas', 'LPG', 'Oil', 'Electric']).toContain(lead.data2);
    }
    const solar = generateLeads({ industry: 'solar', count: 5, seed: 3 });
    expect(solar.every((l) => ['Yes', 'No'].includes(l.data2))).toBe(true);
    const conveyancing = generateLeads({ industry: 'conveyancing', count: 5, seed: 3, postcodePrefix: 'SW1A' });
    expect(conveyancing.every((l) => l.postcode.startsWith('SW1A ') && Number(l.data2) >= 150000)).toBe(true);

    const viaHttp = await control<{ data: unknown[] }>(sandbox, 'GET', '/leadbyte/generate?industry=solar&count=3&postcodePrefix=M&seed=9');
    expect(viaHttp.json.data).toEqual(generateLeads({ industry: 'solar', count: 3, postcodePrefix: 'M', seed: 9 }));
    expect((await control(sandbox, 'GET', '/leadbyte/generate?industry=solar&postcodePrefix=QQ')).status).toBe(400);
  });

  it('matches the accept keyword case-insensitively and lets a reject keyword override it', async () => {
    buyerEndpoint.respond = () => ({ status: 200, body: 'Lead ACCEPTED' });
    const accepted = await control<{ status: string }>(sandbox, 'POST', '/leadbyte/deliveries', {
      url: buyerEndpoint.url,
      lead: { firstname: 'Z' },
    });
    expect(accepted.json.status).toBe('accepted');
    buyerEndpoint.respond = () => ({ status: 200, body: 'not accepted: duplicate' });
    const overridden = await control<{ status: string }>(sandbox, 'POST', '/leadbyte/deliveries', {
      url: buyerEndpoint.url,
      lead: { firstname: 'Y' },
      rejectKeyword: 'not accepted',
    });
    expect(overridden.json.status).toBe('rejected');
  });
});
