import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable } from './utils/actors';
import twilio from 'twilio';
import { TestApp } from './utils/test-app';

/**
 * Every operation in the committed OpenAPI document, called with bodies, path and query params
 * generated from its schema and then mutated (wrong types, huge and hostile strings, missing and
 * extra fields, malformed JSON). Whatever arrives, the API answers below 500, in the common error
 * shape on 4xx, and never with a stack trace.
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<seed> npx jest apps/api/test/fuzz.e2e-spec.ts
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  additionalProperties?: boolean | Schema;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Array<Record<string, unknown>>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const doc = JSON.parse(readFileSync(join(__dirname, '../openapi.json'), 'utf8')) as OpenApi;

/*
 * Nothing is skipped. Fixtures stay intact because the fuzzer never holds them: logout/refresh only see
 * generated refresh tokens, DELETEs and key/secret rotations get generated ids only (never a fixture's),
 * and Stripe, Xero and LeadByte are the local sandbox, so checkout sessions and top-ups are fast.
 */

type Caller = 'public' | 'admin' | 'client' | 'inbound' | 'supplier';
interface Op {
  method: string;
  path: string;
  op: Operation;
  caller: Caller;
}

const ops: Op[] = Object.entries(doc.paths)
  .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ method, path, op })))
  .map(({ method, path, op }) => {
    let caller: Caller = 'client';
    if (path === '/api/leads/inbound/{token}') caller = 'inbound';
    else if (op.security?.some((s) => 'supplier-key' in s)) caller = 'supplier';
    else if (!op.security) caller = 'public';
    else if (path.startsWith('/api/admin/')) caller = 'admin';
    return { method, path, op, caller };
  });

function resolve(s: Schema | undefined): Schema {
  let schema = s ?? {};
  while (schema.$ref) schema = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {};
  if (schema.allOf)
    schema = schema.allOf.map(resolve).reduce<Schema>(
      (a, b) => ({
        ...a,
        ...b,
        properties: { ...a.properties, ...b.properties },
        required: [...(a.required ?? []), ...(b.required ?? [])],
      }),
      { ...schema, allOf: undefined },
    );
  return schema;
}

/** Well-formed values for a schema (the starting point that the mutations then break). */
function valid(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(s);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.oneOf || schema.anyOf) return fc.oneof(...(schema.oneOf ?? schema.anyOf ?? []).map((x) => valid(x, depth + 1)));
    const example = schema.example !== undefined ? [fc.constant(schema.example)] : [];
    switch (
      schema.type ??
      (schema.properties ? 'object' : schema.minimum !== undefined || schema.maximum !== undefined ? 'integer' : 'string')
    ) {
      case 'string':
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date-time')
          return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
        if (schema.format === 'date')
          return fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10));
        if (schema.format === 'email') return fc.emailAddress();
        if (schema.format === 'uri') return fc.webUrl();
        return fc.oneof(...example, fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 40 }));
      case 'integer':
      case 'number':
        return fc.oneof(...example, fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 }));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(valid(schema.items, depth + 1), { maxLength: 3 });
      case 'object': {
        if (depth > 4 || !schema.properties)
          return fc.oneof(...example, fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }));
        const props = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, valid(v, depth + 1)]));
        return fc.record(props, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
      }
      default:
        return fc.anything({ maxDepth: 1 });
    }
  })();
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

const HUGE = 100_000;
/** Values that do not belong: wrong types, extremes, hostile strings. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    -2_147_483_649,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER * 1_000,
    1e308,
    0.000001,
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-0',
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202Egnp.exe',
    '😀👩‍👩‍👧‍👦🏳️‍🌈',
    'ﷺ𒐫𝕳',
    'not-a-uuid',
    '00000000-0000-0000-0000-00000000000g',
    '00000000-0000-0000-0000-000000000000',
    "' OR 1=1; --",
    '${7*7}{{7*7}}',
    '../../../etc/passwd',
    '%00%ff',
    '2026-13-45T25:61:61Z',
    'x'.repeat(HUGE),
    '😀'.repeat(HUGE / 2),
    [],
    [1, 'two', null],
    [{}],
    {},
    { $gt: '' },
    { __proto__: { admin: true } },
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.double(),
);

/** Raw request bodies that are not JSON at all, or barely. */
const malformedJson = fc.constantFrom(
  '{',
  '{"a":',
  '[1,2',
  '{"a":1}}',
  'null',
  '"str"',
  '12',
  'undefined',
  "{'a':1}",
  '{"__proto__":{"admin":true}}',
  '\u0000',
  `{"a":"${'y'.repeat(HUGE)}"}`,
  '{"a":NaN}',
  '{"a":1e99999}',
);

/** Breaks a valid value in one of many ways (or leaves it alone). */
function mutate(value: unknown, s: Schema | undefined): fc.Arbitrary<unknown> {
  const schema = resolve(s);
  const options: Array<fc.Arbitrary<unknown>> = [fc.constant(value), weird];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length > 0) {
      options.push(fc.constantFrom(...keys).chain((k) => weird.map((w) => ({ ...obj, [k]: w }))));
      options.push(fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(obj).filter(([key]) => key !== k))));
      options.push(fc.constantFrom(...keys).chain((k) => mutate(obj[k], schema.properties?.[k]).map((m) => ({ ...obj, [k]: m }))));
    }
    for (const r of schema.required ?? []) if (!(r in obj)) options.push(fc.constant(obj));
    options.push(weird.map((w) => ({ ...obj, unexpectedField: w })));
    options.push(fc.constant([obj]));
  }
  if (Array.isArray(value))
    options.push(
      weird.map((w) => [...value, w]),
      fc.constant(Object.fromEntries(value.map((v, i) => [String(i), v]))),
    );
  return fc.oneof(...options);
}

interface Fixtures {
  admin: string;
  client: string;
  inboundToken: string;
  supplierKey: string;
  /** Real ids, so some path params reach the service instead of a 404. */
  ids: string[];
}

/** Path params: real ids, random UUIDs, malformed ones, hostile strings (kept under the URL size limits). */
function pathValue(f: Fixtures, param: Parameter, destructive: boolean): fc.Arbitrary<string> {
  if (param.name === 'token')
    return fc.oneof(
      fc.constant(f.inboundToken),
      fc.constant(f.inboundToken),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('x'.repeat(4_000), '😀', '%00', '..'),
    );
  const schema = resolve(param.schema);
  const real = destructive ? [] : [fc.constantFrom(...f.ids)];
  return fc.oneof(
    ...real,
    fc.uuid(),
    schema.enum ? fc.constantFrom(...schema.enum.map(String)) : fc.constant('card'),
    fc.constantFrom(
      'not-a-uuid',
      '00000000-0000-0000-0000-00000000000g',
      '0',
      '-1',
      'NaN',
      '😀',
      'ا\u202Eب',
      '\u0000',
      'x'.repeat(4_000),
      '1e999',
      'null',
      'undefined',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  );
}

/**
 * URL-encodes a value, well-formed (no lone surrogates) and at most ~2 KB encoded: Node itself answers
 * 431 without a body once a request's head passes 16 KB, before the app ever sees it.
 */
function encode(value: string): string {
  let chars = Array.from(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  let encoded = encodeURIComponent(chars.join(''));
  while (encoded.length > 2_000) {
    chars = chars.slice(0, Math.floor(chars.length / 2));
    encoded = encodeURIComponent(chars.join(''));
  }
  return encoded;
}

/** Query params: the schema's values, or anything at all (arrays by repetition; see `encode` for the size cap). */
function queryValue(param: Parameter): fc.Arbitrary<string | string[] | undefined> {
  const asString = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  return fc.oneof(
    fc.constant(undefined),
    valid(param.schema).map(asString),
    weird.map(asString),
    fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 }),
  );
}

interface Call {
  path: string;
  query: string;
  body: { raw: string } | { json: unknown } | undefined;
  apiKey?: string;
}

function callArb(f: Fixtures, o: Op): fc.Arbitrary<Call> {
  const params = o.op.parameters ?? [];
  const destructive = o.method === 'delete' || /\/(revoke|rotate-key|rotate-secret)$/.test(o.path);
  const path = fc.tuple(...params.filter((p) => p.in === 'path').map((p) => pathValue(f, p, destructive).map((v) => [p.name, v] as const)));
  const query = fc.tuple(...params.filter((p) => p.in === 'query').map((p) => queryValue(p).map((v) => [p.name, v] as const)));
  const bodySchema = o.op.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<Call['body']> = bodySchema
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: valid(bodySchema)
            .chain((v) => mutate(v, bodySchema))
            .map((json) => ({ json })),
        },
        { weight: 1, arbitrary: malformedJson.map((raw) => ({ raw })) },
      )
    : fc.oneof(
        fc.constant(undefined),
        weird.map((json) => ({ json })),
      );
  const apiKey =
    o.caller === 'supplier'
      ? fc.oneof(fc.constant(f.supplierKey), fc.constant(f.supplierKey), fc.constantFrom('', 'lfs_wrong', 'x'.repeat(4_000), 'ÿ\u00a0é'))
      : fc.constant(undefined);
  return fc.record({ path, query, body, apiKey }).map((c) => ({
    path: c.path.reduce((p, [name, v]) => p.replace(`{${name}}`, encode(v)), o.path),
    query: c.query
      .flatMap(([name, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(name)}=${encode(x)}`)))
      .join('&'),
    body: c.body,
    apiKey: c.apiKey,
  }));
}

const STACK = [/\bat [\w.<>]+ \(.*:\d+:\d+\)/, /\n\s+at /, /\.ts:\d/, /\.js:\d/, /node_modules/, /\/src\//];

describe('fuzzing every OpenAPI operation', () => {
  let t: TestApp;
  const f: Fixtures = { admin: '', client: '', inboundToken: '', supplierKey: '', ids: [] };

  beforeAll(async () => {
    // Generous limits: the fuzzer should reach validation, not the rate limiter.
    t = await TestApp.create({
      env: { AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_EMAIL: '100000', API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    f.admin = await createAdmin(t);
    const industry = await createIndustry(t, f.admin);
    await connectXero(t, f.admin);
    const client = await onboardBillable(t, industry.id);
    f.client = client.token;
    const account = (await t.http().get('/api/account').set(bearer(f.client)).expect(200)).body as { inboundLeadUrl: string };
    f.inboundToken = new URL(account.inboundLeadUrl).pathname.split('/').pop() ?? '';
    const campaign = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(f.admin))
        .send({ name: 'Fuzz campaign', industryId: industry.id, strategy: 'round_robin' })
        .expect(201)
    ).body as { id: string };
    f.supplierKey = (
      (
        await t
          .http()
          .post('/api/admin/suppliers')
          .set(bearer(f.admin))
          .send({ name: 'Fuzz supplier', campaignIds: [campaign.id] })
          .expect(201)
      ).body as { apiKey: string }
    ).apiKey;
    f.ids = [client.clientId, client.userId, industry.id, campaign.id];
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('covers every operation in the document', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.path.startsWith('/api/admin/privacy/')).map((o) => [o.op.operationId, o.caller])).toEqual([
      ['exportPersonalData', 'admin'],
      ['requestErasure', 'admin'],
      ['listPrivacyRequests', 'admin'],
    ]);
  });

  it.each(ops.map((o) => [`${o.method.toUpperCase()} ${o.path} as ${o.caller}`, o] as const))(
    '%s never answers 5xx, a stray error shape or a stack trace',
    async (_name, o) => {
      const seed = SEED ^ [...o.op.operationId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0);
      let failure = '';
      const property = fc.asyncProperty(callArb(f, o), async (call) => {
        const url = call.query ? `${call.path}?${call.query}` : call.path;
        let req = t.http()[o.method as 'get'](url);
        if (o.caller === 'admin') req = req.set(bearer(f.admin));
        if (o.caller === 'client') req = req.set(bearer(f.client));
        if (call.apiKey !== undefined) req = req.set('X-API-Key', call.apiKey);
        if (call.body && 'raw' in call.body) req = req.set('Content-Type', 'application/json').send(call.body.raw);
        else if (call.body) req = req.set('Content-Type', 'application/json').send(JSON.stringify(call.body.json) ?? 'null');
        const res = await req;
        const sent = `${url} ${JSON.stringify(call.body ?? '')}`;
        const what = `${o.method.toUpperCase()} ${url.slice(0, 300)} -> ${res.status} ${res.text?.slice(0, 500)}`;
        const fail = (why: string) => {
          failure = `${why}: ${what}`;
          throw new Error(failure);
        };
        if (res.status >= 500) fail('5xx');
        if (res.status >= 400) {
          const body = res.body as Record<string, unknown>;
          // LeadByte's direct post answers its own documented shape: { result: 'rejected', code, ... }.
          const leadByte = o.caller === 'inbound' && body.result === 'rejected' && typeof body.code === 'string';
          if (!leadByte && !(body.statusCode === res.status && typeof body.error === 'string' && typeof body.message === 'string'))
            fail('not the error shape');
        }
        for (const re of STACK) if (re.test(res.text ?? '') && !re.test(sent)) fail(`stack trace (${re})`);
      });
      const result = await fc.check(property, { seed, numRuns: RUNS, endOnFailure: true });
      // The counterexample can hold 100 KB strings: report the request line and the answer, not the whole value.
      if (result.failed)
        throw new Error(
          `FUZZ_SEED=${SEED} (operation seed ${seed}, path ${result.counterexamplePath}) ${failure || String(result.errorInstance).slice(0, 2_000)}`,
        );
    },
  );

  // Twilio's webhooks are not in the document (they are Twilio's to call): random forms, signed or not.
  it.each(['/api/sms/twilio/status', '/api/sms/twilio/inbound'])(
    'POST %s: unsigned → 403; signed junk never 5xx or a stack trace',
    async (path) => {
      const field = fc.oneof(
        fc.constantFrom('MessageSid', 'SmsSid', 'MessageStatus', 'ErrorCode', 'From', 'Body', 'OptOutType', 'To'),
        fc.string({ maxLength: 40 }),
      );
      const form = fc.dictionary(
        field,
        fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('STOP', 'START', 'undelivered', 'failed', '30003', 'SM' + 'a'.repeat(32))),
        {
          maxKeys: 8,
        },
      );
      const url = `${t.url}${path}`;
      await fc.assert(
        fc.asyncProperty(form, fc.boolean(), async (params, signed) => {
          const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
          if (signed) headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(t.sandbox.twilio.authToken, url, params);
          const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
          const text = await res.text();
          if (res.status >= 500 || STACK.some((re) => re.test(text)))
            throw new Error(`${res.status} ${text.slice(0, 300)} for ${JSON.stringify(params)}`);
          if (!signed && res.status !== 403) throw new Error(`unsigned form answered ${res.status}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
  );
});
