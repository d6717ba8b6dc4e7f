import type { RunningSandbox } from '../src';
import { startTestSandbox } from './helpers';

describe('Catch hooks', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('keeps what is POSTed to /hooks/catch/<name> byte for byte, answers 200 like Zapier, and lists it', async () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'lead.send_data', data: { firstname: 'Ann' } });
    const res = await fetch(`${sandbox.url}/hooks/catch/crm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'success' });
    await fetch(`${sandbox.url}/hooks/catch/other`, { method: 'POST', body: 'plain' });
    const crm = (await (await fetch(`${sandbox.url}/hooks?name=crm`, { headers: { accept: 'application/json' } })).json()) as Array<{
      name: string;
      body: string;
      headers: Record<string, string>;
    }>;
    expect(crm).toEqual([expect.objectContaining({ name: 'crm', body, headers: expect.objectContaining({ 'webhook-id': 'evt_1' }) })]);
    const html = await (await fetch(`${sandbox.url}/hooks`)).text();
    expect(html).toContain('lead.send_data');
    expect(html).toContain('(not JSON)');
  });
});
