import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EVENT_CATALOG, WebhookEnvelopeDto } from '../../webhooks/event-catalog';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LeadFlow API')
    .setDescription(
      'The LeadFlow back office: onboarding, credits and billing, leads and distribution, webhooks.\n\n' +
        'Authenticate with `Authorization: Bearer <accessToken>` from `POST /api/auth/login`. ' +
        'Errors always have the shape `{ statusCode, error, message, details? }`; validation errors name each field in `details`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Supplier key' }, 'supplier-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    extraModels: [WebhookEnvelopeDto, ...new Set(EVENT_CATALOG.map((e) => e.data))],
  });
  return Object.assign(document, { 'x-webhooks': webhookDocs() });
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
                    { type: 'object', properties: { type: { type: 'string', enum: [e.type] }, version: { type: 'integer', enum: [e.version] }, data: { $ref: `#/components/schemas/${e.data.name}` } } },
                  ],
                },
              },
            },
          },
          responses: { '2XX': { description: 'Any 2xx within 15 s is success. 410 switches the endpoint off; 429 with Retry-After is honoured; anything else is retried.' } },
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
