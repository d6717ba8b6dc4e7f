/**
 * Writes the OpenAPI document to apps/api/openapi.json, deterministically (sorted keys,
 * operationId = method name). Boots the AppModule in preview mode: no database or Redis needed.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { buildOpenApiDocument, sortKeys } from '../app/openapi';

async function main(): Promise<void> {
  // Placeholder values satisfy config validation; preview mode never connects to anything.
  process.env.DATABASE_URL ??= 'postgres://openapi@127.0.0.1:1/openapi';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:1';
  process.env.JWT_SECRET ??= 'openapi-document-generation-only-000';
  process.env.SMTP_URL ??= 'smtp://127.0.0.1:1';
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32).toString('base64');
  process.env.STRIPE_SECRET_KEY ??= 'sk_test_openapi';
  process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_openapi';
  process.env.LEADBYTE_API_URL ??= 'http://127.0.0.1:1';
  process.env.LEADBYTE_API_KEY ??= 'openapi-key';
  process.env.XERO_CLIENT_ID ??= 'openapi';
  process.env.XERO_CLIENT_SECRET ??= 'openapi';
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api');
  const document = buildOpenApiDocument(app);
  const file = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(file, `${JSON.stringify(sortKeys(document), null, 2)}\n`);
  console.log(`Wrote ${file} (${Object.keys(document.paths).length} paths)`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
