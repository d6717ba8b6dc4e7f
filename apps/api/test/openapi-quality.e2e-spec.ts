import { Webhook } from 'standardwebhooks';
import { VERIFY_SNIPPET } from '../src/app/openapi';
import { newSigningSecret, webhookHeaders } from '../src/webhooks/signing';

interface Op {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const doc = require('../openapi.json') as {
  info: { description: string };
  paths: Record<string, Record<string, Op>>;
  'x-webhooks': Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })),
);

describe('the OpenAPI document, read on its own', () => {
  it('gives every operation a summary, a description and an Access line', () => {
    const missing = operations
      .filter(({ op }) => !op.summary || !op.description || !/\*\*Access:\*\* /.test(op.description))
      .map((o) => o.at);
    expect(missing).toEqual([]);
    expect(operations.length).toBeGreaterThan(100);
  });

  it('documents 401, 429 and the RateLimit headers on every authenticated operation, and 400 wherever there is input', () => {
    const problems: string[] = [];
    for (const { at, op } of operations) {
      const secured = (op.security ?? []).some((s) => 'bearer' in s);
      if (secured) {
        for (const code of ['401', '429']) if (!op.responses[code]) problems.push(`${at}: no ${code}`);
        for (const [code, r] of Object.entries(op.responses))
          if (!r.headers?.['RateLimit-Remaining']) problems.push(`${at} ${code}: no RateLimit headers`);
      }
      if ((op.parameters ?? []).some((p) => p.in === 'query') && !op.responses['400']) problems.push(`${at}: no 400`);
      if ((op.parameters ?? []).some((p) => p.name === 'page') && !op.description!.includes('**Paginated:**'))
        problems.push(`${at}: paging not explained`);
    }
    expect(problems).toEqual([]);
  });

  it('publishes every webhook event with its payload schema', () => {
    expect(Object.keys(doc['x-webhooks'])).toEqual(
      expect.arrayContaining(['lead.send_data', 'activity.recorded', 'cms.buyer', 'lead.reprocessed']),
    );
    expect(doc.components.schemas).toHaveProperty('LeadEventData');
    expect(doc.info.description).toContain(VERIFY_SNIPPET);
  });

  it('carries a signature-check snippet that runs as written', () => {
    const verify = new Function('require', `${VERIFY_SNIPPET}\nreturn verifyLeadFlowWebhook;`)(require) as (
      secret: string,
      raw: string,
      headers: Record<string, string>,
    ) => { type: string };
    const secret = newSigningSecret();
    const body = JSON.stringify({
      id: 'e1',
      type: 'lead.send_data',
      version: 1,
      timestamp: new Date().toISOString(),
      clientId: null,
      data: {},
    });
    const headers = webhookHeaders([secret], 'e1', Math.floor(Date.now() / 1000), body);
    expect(verify(secret, body, headers)).toMatchObject({ type: 'lead.send_data' });
    expect(() => verify(newSigningSecret(), body, headers)).toThrow();
    expect(Webhook).toBeDefined();
  });
});
