import { startSandbox } from './index';

/** CLI: `node -r @swc-node/register apps/sandbox/src/main.ts` — prints one JSON line with the URLs. */
function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`${name} must be a port number (got '${raw}')\n`);
    process.exit(1);
  }
  return n;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    // Loopback unless told otherwise (a container publishes it on 0.0.0.0 inside its own network).
    host: process.env.SANDBOX_HOST || undefined,
    port: intEnv('SANDBOX_PORT', 4010),
    smtpPort: intEnv('SANDBOX_SMTP_PORT', 2525),
    publicUrl: process.env.SANDBOX_PUBLIC_URL || undefined,
    stripe: { webhookUrl: process.env.STRIPE_WEBHOOK_URL || undefined, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined },
    leadbyte: { apiKey: process.env.LEADBYTE_API_KEY || undefined },
    xero: {
      clientId: process.env.XERO_CLIENT_ID || undefined,
      clientSecret: process.env.XERO_CLIENT_SECRET || undefined,
      rateLimit: process.env.XERO_RATE_LIMIT === 'true',
    },
    oidc: { clientId: process.env.OIDC_GOOGLE_CLIENT_ID || undefined, clientSecret: process.env.OIDC_GOOGLE_CLIENT_SECRET || undefined },
    twilio: {
      accountSid: process.env.TWILIO_ACCOUNT_SID || undefined,
      authToken: process.env.TWILIO_AUTH_TOKEN || undefined,
      inboundUrl: process.env.TWILIO_INBOUND_URL || undefined,
    },
    logger: process.env.SANDBOX_LOG === 'true' ? (line) => process.stderr.write(`[sandbox] ${line}\n`) : undefined,
  });
  process.stdout.write(
    `${JSON.stringify({
      url: sandbox.url,
      stripe: sandbox.stripe,
      xero: sandbox.xero,
      leadbyteUrl: sandbox.leadbyteUrl,
      oidc: sandbox.oidc,
      smtp: sandbox.smtp,
      inboxUrl: sandbox.inboxUrl,
      twilio: sandbox.twilio,
    })}\n`,
  );
  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
