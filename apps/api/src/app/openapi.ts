import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EVENT_CATALOG, WebhookEnvelopeDto } from '../webhooks';

/** The signature check receivers can paste (the README and a test run it as written). */
export const VERIFY_SNIPPET = `const { Webhook } = require('standardwebhooks');

// secret: the endpoint's whsec_… secret; rawBody: the request body exactly as received (a string);
// headers: the request's headers (webhook-id, webhook-timestamp, webhook-signature).
function verifyLeadFlowWebhook(secret, rawBody, headers) {
  const event = new Webhook(secret).verify(rawBody, {
    'webhook-id': headers['webhook-id'],
    'webhook-timestamp': headers['webhook-timestamp'],
    'webhook-signature': headers['webhook-signature'],
  });
  return event; // { id, type, version, timestamp, clientId, data }; throws if the signature or timestamp is wrong
}`;

const DESCRIPTION = `The LeadFlow back office: onboarding, credits and billing, leads and distribution, webhooks.

## Authentication
- **Dashboard users**: \`Authorization: Bearer <accessToken>\` from \`POST /api/auth/login\` (15-minute JWT; renew with \`POST /api/auth/refresh\`, which reads the httpOnly \`leadflow_refresh\` cookie that login set and needs the \`X-LeadFlow-CSRF\` header).
- **Client API keys** (for a client's own systems): created by the account's owner at \`POST /api/api-keys\`, sent as \`Authorization: Bearer lf_…\`. A key reaches only the operations that name its scope (\`leads:read\`, \`leads:report\`, \`webhooks:manage\`); each operation's **Access** line says who may call it.
- **Suppliers**: \`X-API-Key\` on \`POST /api/leads/ingest\`. **LeadByte**: the buyer's own URL, \`POST /api/leads/inbound/<token>\`.

## Errors
Always \`{ statusCode, error, message, details? }\`; a 400 names each bad field in \`details: [{ field, messages }]\`. 401: no or bad credentials; 403: not allowed (the message says why); 404: not found or not yours; 409: conflicts with the current state; 429: slow down (\`Retry-After\`).

## Pagination
Lists take \`page\` (from 1) and \`pageSize\` (1–100, default 25) and answer \`{ items, meta: { page, pageSize, total } }\`.

## Rate limits
Each user and each API key gets a number of requests a minute (600 by default). Every answer to an authenticated request carries \`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\` (seconds until the window resets) and \`RateLimit-Policy\`; past the limit the answer is 429 with \`Retry-After\`.
The public lead routes have their own limit, per LeadByte lead URL and per supplier key: 50 leads a second with bursts of 200 by default (\`INGEST_RATE_LIMIT_PER_SECOND\`, \`INGEST_RATE_LIMIT_BURST\`): \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` on the answers, 429 with \`Retry-After\` past it.

## Webhooks
Events are POSTed to your endpoints (\`/api/webhook-endpoints\`) as \`{ id, type, version, timestamp, clientId, data }\`; the payload of each type is under \`x-webhooks\` and in the schemas (\`GET /api/webhooks/event-types\` lists them). Requests are signed per [Standard Webhooks](https://www.standardwebhooks.com): \`webhook-id\` (the event id, the same on every retry — use it to ignore duplicates), \`webhook-timestamp\`, \`webhook-signature\` (\`v1,<base64 HMAC-SHA256 of "id.timestamp.body">\`; during a secret rotation two signatures, space-separated). Answer 2xx within 15 s; anything else is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); 410 switches the endpoint off; 429 with \`Retry-After\` is honoured. To verify (Node, \`npm install standardwebhooks\`):

\`\`\`js
${'$'}{VERIFY_SNIPPET}
\`\`\`
`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LeadFlow API')
    .setDescription(DESCRIPTION.replace('${VERIFY_SNIPPET}', VERIFY_SNIPPET))
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A dashboard user’s access token' })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'lf_…', description: 'A client API key; only operations naming its scope' },
      'client-api-key',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Supplier key' }, 'supplier-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    extraModels: [WebhookEnvelopeDto, ...new Set(EVENT_CATALOG.map((e) => e.data))],
  });
  describeOperations(document);
  closeWebhookSchemas(document);
  return Object.assign(document, { 'x-webhooks': webhookDocs() });
}

/**
 * Webhook payload schemas are closed: every object schema reachable from the envelope and the event
 * payloads gets `additionalProperties: false` unless it says otherwise (free-form fields such as a
 * lead's `fields` keep `true`). Receivers can rely on them, and the contract test
 * (`test/webhook-contract.e2e-spec.ts`) fails when a payload drifts from its schema.
 */
function closeWebhookSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (!seen.has(name)) {
        seen.add(name);
        visit(schemas[name]);
      }
      return;
    }
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const child of [
      ...Object.values(properties ?? {}),
      schema.items,
      schema.additionalProperties,
      ...((schema.allOf ?? []) as unknown[]),
      ...((schema.oneOf ?? []) as unknown[]),
      ...((schema.anyOf ?? []) as unknown[]),
    ])
      visit(child);
  };
  for (const model of [WebhookEnvelopeDto, ...EVENT_CATALOG.map((e) => e.data)]) visit({ $ref: `#/components/schemas/${model.name}` });
}

type Operation = {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: unknown }>;
  'x-roles'?: string[];
  'x-api-key-scope'?: string;
  'x-owner-only'?: boolean;
};

const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } },
});

/**
 * Writes what every operation shares into each one: who may call it (an **Access** line), the error
 * answers it can give, the rate-limit headers on its answers, and how its list pages.
 */
function describeOperations(document: OpenAPIObject): void {
  const components = document.components ?? (document.components = {});
  components.headers = {
    'RateLimit-Limit': { description: 'Requests allowed per window for this user or API key', schema: { type: 'integer' } },
    'RateLimit-Remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
    'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
    'RateLimit-Policy': { description: 'The policy: `<limit>;w=<window seconds>`', schema: { type: 'string', example: '600;w=60' } },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      if (!raw || typeof raw !== 'object' || !('responses' in raw)) continue;
      const op = raw;
      const secured = (op.security ?? []).some((s) => 'bearer' in s || 'client-api-key' in s);
      const access = accessOf(op, secured);
      const paged = (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'page');
      const lines = [op.description ?? `${op.summary ?? ''}.`.replace(/\.\.$/, '.'), `**Access:** ${access}`];
      if (paged) lines.push('**Paginated:** `page`, `pageSize` (≤ 100); the answer’s `meta` has `page`, `pageSize` and `total`.');
      op.description = lines.join('\n\n');
      const r = op.responses;
      const hasInput = Boolean(op.requestBody) || (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
      if (path.includes('{id}') && !r['404'] && method !== 'post') r['404'] ??= error('Not found, or not yours');
      if (hasInput && !r['400']) r['400'] = error('Invalid input: `details` names each field and what is wrong');
      if (secured) {
        r['401'] ??= error('No access token or API key, or it is expired or revoked');
        if (op['x-roles'] || op['x-owner-only'] || op['x-api-key-scope'] || access.includes('client'))
          r['403'] ??= error('Signed in, but not allowed: the message says why (role, owner-only, API key scope, onboarding step)');
        r['429'] ??= {
          ...error('Too many requests for this user or API key; wait `Retry-After` seconds'),
          headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
        };
        for (const response of Object.values(r)) {
          response.headers = {
            ...response.headers,
            ...Object.fromEntries(RATE_LIMIT_HEADERS.map((h) => [h, { $ref: `#/components/headers/${h}` }])),
          };
        }
      }
    }
  }
}

function accessOf(op: Operation, secured: boolean): string {
  if (!secured) return 'public (no access token).';
  const roles = op['x-roles'] ?? [];
  const who = roles.includes('admin')
    ? 'admins'
    : roles.includes('client')
      ? op['x-owner-only']
        ? 'the client account’s owners'
        : 'client users'
      : 'any signed-in user';
  const key = op['x-api-key-scope'] ? `, or a client API key with the \`${op['x-api-key-scope']}\` scope` : '';
  return `${who} (access token)${key}.`;
}

/**
 * The outbound events, documented the way OpenAPI 3.1 documents webhooks (as an extension in this 3.0
 * document): one POST per event type, its body the envelope with `data` of the type's schema.
 */
function webhookDocs(): Record<string, unknown> {
  return Object.fromEntries(
    EVENT_CATALOG.map((e) => [
      e.type,
      {
        post: {
          summary: `${e.type} (v${e.version})`,
          description: `${e.description}\n\nSigned per Standard Webhooks: headers \`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`.`,
          tags: ['webhook events'],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/WebhookEnvelopeDto' },
                    {
                      type: 'object',
                      properties: {
                        type: { type: 'string', enum: [e.type] },
                        version: { type: 'integer', enum: [e.version] },
                        data: { $ref: `#/components/schemas/${e.data.name}` },
                      },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '2XX': {
              description:
                'Any 2xx within 15 s is success. 410 switches the endpoint off; 429 with Retry-After is honoured; anything else is retried.',
            },
          },
        },
      },
    ]),
  );
}

/** Deep-sorts object keys so the committed document is byte-for-byte reproducible. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
