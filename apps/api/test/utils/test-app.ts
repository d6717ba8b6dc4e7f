import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/core/config/app-config';
import { configureApp } from '../../src/app/configure-app';
import { QUEUE_NAMES, type QueueName } from '../../src/core/queue/queues';
import { WorkerModule } from '../../src/worker.module';
import { startSandbox, type RunningSandbox } from '../../../sandbox/src/index';
import { createTestDatabase } from './database';
import { SmtpInbox } from './smtp-inbox';

export interface TestAppOptions {
  /** Extra environment for this app (e.g. a tighter rate limit). */
  env?: Record<string, string>;
  /** Start the worker too (default true). */
  worker?: boolean;
}

/**
 * The production AppModule (and WorkerModule) on a fresh database cloned from the migrated
 * template, real Redis under a private key prefix, and a real SMTP server. Nothing of ours is mocked.
 */
export class TestApp {
  app!: NestExpressApplication;
  worker?: INestApplicationContext;
  config!: AppConfig;
  db!: DataSource;
  readonly inbox = new SmtpInbox();
  /** Stripe, Xero and LeadByte for this app: the sandbox, reached by base URL like the real services. */
  sandbox!: RunningSandbox;
  url = '';
  /** The environment the config was read from: what a worker process of this app is started with. */
  env: Record<string, string> = {};
  private dropDatabase?: () => Promise<void>;

  static async create(options: TestAppOptions = {}): Promise<TestApp> {
    const t = new TestApp();
    await t.inbox.start();
    const stripeWebhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
    t.sandbox = await startSandbox({
      port: 0,
      smtpPort: 0,
      xero: { clientId: 'leadflow-test', clientSecret: 'leadflow-test-secret' },
      oidc: { clientId: 'leadflow-test-google', clientSecret: 'leadflow-test-google-secret' },
    });
    const database = await createTestDatabase();
    t.dropDatabase = database.drop;
    // The port is chosen first: Twilio (the sandbox) must know where to post status callbacks and replies.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    t.env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: process.env.REDIS_URL ?? '',
      REDIS_PREFIX: `test-${randomBytes(5).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SMTP_URL: t.inbox.url,
      APP_URL: 'http://app.test',
      PUBLIC_API_URL: 'http://api.test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STRIPE_SECRET_KEY: 'sk_test_leadflow',
      STRIPE_API_URL: t.sandbox.url,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      LEADBYTE_API_URL: t.sandbox.leadbyteUrl,
      LEADBYTE_API_KEY: 'leadbyte-test-key',
      XERO_CLIENT_ID: 'leadflow-test',
      XERO_CLIENT_SECRET: 'leadflow-test-secret',
      XERO_AUTHORIZE_URL: t.sandbox.xero.authorizeUrl,
      XERO_TOKEN_URL: t.sandbox.xero.tokenUrl,
      XERO_CONNECTIONS_URL: t.sandbox.xero.connectionsUrl,
      XERO_API_URL: t.sandbox.xero.apiBasePath,
      OIDC_PROVIDERS: 'google',
      OIDC_GOOGLE_ISSUER: t.sandbox.oidc.issuer,
      OIDC_GOOGLE_CLIENT_ID: 'leadflow-test-google',
      OIDC_GOOGLE_CLIENT_SECRET: 'leadflow-test-google-secret',
      INTEGRATION_RETRY_BASE_MS: '50',
      TWILIO_ACCOUNT_SID: t.sandbox.twilio.accountSid,
      TWILIO_AUTH_TOKEN: t.sandbox.twilio.authToken,
      TWILIO_FROM_NUMBER: TWILIO_FROM,
      TWILIO_API_URL: t.sandbox.twilio.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: url,
      ...options.env,
    };
    t.config = loadConfig(t.env);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(AppConfig)
      .useValue(t.config)
      .compile();
    t.app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, bufferLogs: true });
    configureApp(t.app);
    await t.app.listen(port, '127.0.0.1');
    t.url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    t.sandbox.setTwilioInbound(`${url}/api/sms/twilio/inbound`);
    t.db = t.app.get<DataSource>(getDataSourceToken());
    t.sandbox.setStripeWebhook(`${t.url}/api/billing/stripe/webhook`, stripeWebhookSecret);
    if (options.worker !== false) await t.startWorker();
    return t;
  }

  /** Boots the worker (WorkerModule, no HTTP) on the same database, Redis prefix and SMTP server. */
  async startWorker(): Promise<INestApplicationContext> {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(AppConfig)
      .useValue(this.config)
      .compile();
    this.worker = moduleRef;
    moduleRef.useLogger(moduleRef.get(Logger)); // as worker.ts does: JSON logs at the configured level
    await moduleRef.init();
    return moduleRef;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  queue(name: QueueName): Queue {
    return this.app.get<Queue>(getQueueToken(name));
  }

  queues(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queue(n));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.app?.close();
    await this.inbox.stop();
    await this.sandbox?.close();
    const redis = new Redis(this.config.redisUrl.reveal());
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.config.redisPrefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await this.dropDatabase?.();
  }
}

/** The number our texts come from in tests. */
export const TWILIO_FROM = '+447700900000';

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let counter = 0;
/** A unique, valid registration body. */
export function newUser(overrides: Partial<Record<'firstName' | 'lastName' | 'email' | 'phone' | 'password', string>> = {}) {
  counter += 1;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${Date.now().toString(36)}.${counter}@example.co.uk`,
    phone: '+44 7700 900123',
    password: 'correct-horse-42',
    ...overrides,
  };
}
