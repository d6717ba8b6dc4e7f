import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlRouter } from './control/control.router';
import { Clock } from './core/clock';
import { DelayInjector } from './core/delays';
import { FailureInjector } from './core/failures';
import { escapeHtml, formatMoney, page } from './core/html';
import { RequestLog } from './core/request-log';
import { leadbyteApiRouter, LeadByteService } from './leadbyte/leadbyte';
import { hooksRouter, HookStore } from './hooks/hooks.router';
import { inboxRouter } from './mail/inbox.router';
import { MailStore } from './mail/mail-store';
import { SmtpCatcher } from './mail/smtp-catcher';
import { OidcProvider } from './oidc/oidc-provider';
import { oidcRouter } from './oidc/oidc.router';
import { hostedRouter } from './stripe/hosted-pages';
import { IdempotencyStore } from './stripe/idempotency';
import { stripeRouter } from './stripe/stripe.router';
import { StripeService } from './stripe/stripe.service';
import { WebhookDispatcher } from './stripe/webhooks';
import { smsInboxRouter } from './twilio/sms-inbox.router';
import { twilioControlRouter } from './twilio/twilio-control.router';
import { TwilioStore } from './twilio/twilio-store';
import { twilioApiRouter } from './twilio/twilio.router';
import { XeroAccounting } from './xero/xero-accounting';
import { XeroAuth } from './xero/xero-auth';
import { xeroRouter, XeroRuntime } from './xero/xero.router';

export { generateLeads, INDUSTRIES, REGIONS, UK_POSTCODE, type GeneratedLead, type Industry } from './leadbyte/lead-generator';
export { OPERATIONS, type Operation } from './core/operations';
export { Prng } from './core/prng';
export { signPayload } from './stripe/webhooks';
export { countSegments } from './twilio/segments';
export { twilioSignature } from './twilio/signature';

export interface SandboxOptions {
  host?: string; // default '127.0.0.1' — always bind loopback
  port?: number; // HTTP port, 0 = free port
  smtpPort?: number; // SMTP catcher port, 0 = free port
  publicUrl?: string; // base URL used in hosted-page links; default http://host:port
  stripe?: { webhookUrl?: string; webhookSecret?: string }; // where to POST events, and the whsec_ secret
  leadbyte?: { apiKey?: string }; // expected X_KEY (any non-empty accepted when unset)
  xero?: { clientId?: string; clientSecret?: string; rateLimit?: boolean };
  oidc?: { clientId?: string; clientSecret?: string }; // the Google stand-in's client (any id, any non-empty secret when unset)
  // Programmable Messaging: the account (default ACaaaa…, 'sandbox_twilio_auth_token') and where replies are POSTed
  twilio?: { accountSid?: string; authToken?: string; inboundUrl?: string };
  logger?: (line: string) => void;
}

export interface RunningSandbox {
  url: string; // http://127.0.0.1:PORT
  stripe: { host: string; port: number; protocol: 'http' }; // for new Stripe(key, {host, port, protocol})
  xero: { apiBasePath: string; identityUrl: string; authorizeUrl: string; tokenUrl: string; connectionsUrl: string };
  leadbyteUrl: string; // base for /restapi/v1.3/...
  oidc: { issuer: string }; // `${publicUrl}/oidc`: discovery at issuer + '/.well-known/openid-configuration'
  smtp: { host: string; port: number };
  inboxUrl: string; // mail catcher web page
  // baseUrl stands in for https://api.twilio.com (the SDK's requests go to baseUrl + '/2010-04-01/...'); texts at `${url}/sms`
  twilio: { baseUrl: string; accountSid: string; authToken: string };
  setStripeWebhook(url: string, secret: string): void; // can be set after start (the API's port is known later)
  setTwilioInbound(url: string): void; // where replies to our numbers are POSTed, signed (can be set after start)
  close(): Promise<void>;
}

const ORGANISATION = 'LeadFlow Sandbox Ltd';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? ((): void => undefined);
  const clock = new Clock();
  const failures = new FailureInjector();
  const delays = new DelayInjector();
  const requests = new RequestLog(clock);
  const mail = new MailStore(clock);
  let publicUrl = options.publicUrl?.replace(/\/$/, '') ?? '';

  const dispatcher = new WebhookDispatcher({
    retryDelaysMs: [100, 300, 1000, 3000],
    timeoutMs: 10_000,
    now: () => clock.nowMs(),
    log,
    shouldFail: () => failures.take('stripe.webhooks.deliver') !== undefined,
  });
  if (options.stripe?.webhookUrl) {
    dispatcher.setTarget({ url: options.stripe.webhookUrl, secret: options.stripe.webhookSecret ?? '' });
  }
  const stripe = new StripeService({
    clock,
    publicUrl: () => publicUrl,
    dispatcher,
    accountName: ORGANISATION,
    // Stripe emails the customer a link to the hosted invoice; here it lands in the catcher.
    onInvoiceSent: (invoice, customer) => {
      if (!customer.email) return;
      mail.add({
        from: 'invoice+statements@stripe.example',
        to: [customer.email],
        cc: [],
        envelopeTo: [customer.email],
        subject: `Your invoice from ${ORGANISATION} #${invoice.number ?? ''}`,
        text: `Invoice ${invoice.number} for ${formatMoney(invoice.amount_due, invoice.currency)}.\nPay online: ${invoice.hosted_invoice_url}\n`,
        html: `<p>Invoice ${escapeHtml(invoice.number)} for ${formatMoney(invoice.amount_due, invoice.currency)}.</p><p><a href="${escapeHtml(invoice.hosted_invoice_url)}">Pay this invoice</a></p>`,
        headers: {},
        size: 0,
      });
    },
  });
  const idempotency = new IdempotencyStore();
  const xeroAuth = new XeroAuth(
    clock,
    { clientId: options.xero?.clientId, clientSecret: options.xero?.clientSecret },
    () => `${publicUrl}/xero/identity`,
    ORGANISATION,
  );
  const xero = new XeroAccounting(clock);
  const xeroRuntime = new XeroRuntime(options.xero?.rateLimit ?? false);
  const leadbyte = new LeadByteService(clock, options.leadbyte?.apiKey, log);
  const oidc = new OidcProvider(
    clock,
    { clientId: options.oidc?.clientId, clientSecret: options.oidc?.clientSecret },
    () => `${publicUrl}/oidc`,
  );
  const hooks = new HookStore();
  const twilio = new TwilioStore(clock, options.twilio ?? {}, log);

  const reset = (): void => {
    dispatcher.release(false);
    stripe.reset();
    idempotency.clear();
    xeroAuth.reset();
    xero.reset();
    xeroRuntime.reset();
    leadbyte.reset();
    oidc.reset();
    mail.clear();
    hooks.clear();
    twilio.reset();
    failures.clear();
    delays.clear();
    requests.clear();
    clock.setOffsetSeconds(0);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requests.middleware());
  app.use((req, _res, next) => {
    if (!req.path.startsWith('/_sandbox')) log(`${req.method} ${req.originalUrl}`);
    next();
  });
  app.use('/v1', stripeRouter(stripe, failures, idempotency, delays));
  app.use('/hosted', hostedRouter(stripe));
  app.use(
    '/xero',
    xeroRouter({ auth: xeroAuth, accounting: xero, failures, delays, clock, runtime: xeroRuntime, providerName: 'LeadFlow' }),
  );
  app.use('/leadbyte', leadbyteApiRouter(leadbyte, failures));
  app.use('/oidc', oidcRouter(oidc));
  app.use('/inbox', inboxRouter(mail));
  app.use('/hooks', hooksRouter(hooks));
  app.use('/twilio', twilioApiRouter(twilio, failures, delays));
  app.use('/sms', smsInboxRouter(twilio));
  app.use('/_sandbox/twilio', twilioControlRouter(twilio, failures));
  app.use(
    '/_sandbox',
    controlRouter({ clock, failures, delays, requests, mail, stripe, dispatcher, xeroAuth, xero, xeroRuntime, leadbyte, oidc, reset }),
  );
  app.get('/', (_req, res) => {
    res.type('html').send(
      page(
        'LeadFlow Sandbox',
        `<h1>LeadFlow Sandbox</h1><ul>
        <li><a href="/inbox">Mail inbox</a></li>
        <li><a href="/sms">SMS inbox</a> (texts sent through the Twilio emulator, and the replies)</li>
        <li><a href="/hooks">Caught webhooks</a> (a catch hook for webhook endpoints: POST to /hooks/catch/&lt;name&gt;)</li>
        <li><a href="/_sandbox/state">State (JSON)</a></li>
        <li><a href="/_sandbox/requests">Recorded requests (JSON)</a></li>
        <li><a href="/_sandbox/leadbyte/generate?industry=solar&count=5">Generate 5 solar leads</a></li>
        <li>Sign in with Google (OpenID Connect), issuer <a href="/oidc/.well-known/openid-configuration">${escapeHtml(oidc.issuer())}</a></li>
        </ul><p class="muted">Stripe at /v1, Xero at /xero, LeadByte at /leadbyte/restapi/v1.3, Google sign-in at /oidc, Twilio at /twilio.</p>`,
      ),
    );
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const message = err instanceof Error ? err.message : String(err);
    log(`sandbox error: ${message}`);
    res.status(500).json({ error: message });
  });

  const server = createServer(app);
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!publicUrl) publicUrl = url;

  const smtp = new SmtpCatcher(mail, log);
  let smtpPort: number;
  try {
    smtpPort = await smtp.listen(options.smtpPort ?? 0, host);
  } catch (error) {
    server.close();
    throw error;
  }

  let closed = false;
  return {
    url,
    stripe: { host, port, protocol: 'http' },
    xero: {
      apiBasePath: `${url}/xero/api.xro/2.0`,
      identityUrl: `${url}/xero/identity`,
      authorizeUrl: `${url}/xero/identity/connect/authorize`,
      tokenUrl: `${url}/xero/identity/connect/token`,
      connectionsUrl: `${url}/xero/connections`,
    },
    leadbyteUrl: `${url}/leadbyte`,
    oidc: { issuer: oidc.issuer() },
    smtp: { host, port: smtpPort },
    inboxUrl: `${url}/inbox`,
    twilio: { baseUrl: `${url}/twilio`, accountSid: twilio.accountSid, authToken: twilio.authToken },
    setStripeWebhook(webhookUrl: string, secret: string): void {
      dispatcher.setTarget({ url: webhookUrl, secret });
    },
    setTwilioInbound(inboundUrl: string): void {
      twilio.setInboundUrl(inboundUrl);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      dispatcher.close();
      twilio.close();
      failures.dispose();
      delays.clear();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        smtp.close(),
      ]);
    },
  };
}
