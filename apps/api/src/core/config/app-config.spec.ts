import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/leadflow',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'x'.repeat(32),
  SMTP_URL: 'smtp://localhost:1025',
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  LEADBYTE_API_URL: 'https://example.leadbyte.co.uk',
  LEADBYTE_API_KEY: 'leadbyte-key',
  XERO_CLIENT_ID: 'xero-id',
  XERO_CLIENT_SECRET: 'xero-secret',
};

describe('loadConfig', () => {
  it('refuses to start naming every missing variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    try {
      loadConfig({});
    } catch (err) {
      const message = (err as Error).message;
      for (const name of [
        'DATABASE_URL',
        'REDIS_URL',
        'JWT_SECRET',
        'SMTP_URL',
        'ENCRYPTION_KEY',
        'STRIPE_SECRET_KEY',
        'STRIPE_WEBHOOK_SECRET',
        'LEADBYTE_API_URL',
        'LEADBYTE_API_KEY',
        'XERO_CLIENT_ID',
        'XERO_CLIENT_SECRET',
      ])
        expect(message).toContain(`${name} is required`);
    }
  });

  it('names invalid values', () => {
    expect(() => loadConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: JWT_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ ...valid, ENCRYPTION_KEY: Buffer.alloc(16, 1).toString('base64') + 'AAAAAAAAAAAAAAAAAAAAAAAA' })).toThrow(
      /ENCRYPTION_KEY: must decode \(base64\) to exactly 32 bytes/,
    );
    expect(() => loadConfig({ ...valid, STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(/STRIPE_SECRET_KEY must be a Stripe secret key/);
  });

  it('applies defaults and parses lists, numbers and booleans', () => {
    const c = loadConfig({ ...valid, CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: '1', PORT: '8080' });
    expect(c.port).toBe(8080);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.trustProxy).toBe(1);
    expect(loadConfig(valid).trustProxy).toBe(false);
    expect(c.authRateLimit).toEqual({ perIp: 30, perEmail: 5, windowSeconds: 60 });
    expect(c.jwtAccessTtlSeconds).toBe(900);
  });

  it('masks secrets when logged or serialised', () => {
    const c = loadConfig(valid);
    expect(JSON.stringify(c)).not.toContain('x'.repeat(32));
    expect(JSON.stringify(c)).not.toContain('u:p@');
    expect(inspect(c)).not.toContain('x'.repeat(32));
    expect(c.jwtSecret.reveal()).toBe('x'.repeat(32));
  });

  it('guards webhook URLs against private addresses by default in production only', () => {
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).webhooks.allowPrivateUrls).toBe(false);
    expect(loadConfig({ ...valid, NODE_ENV: 'development' }).webhooks.allowPrivateUrls).toBe(true);
    expect(loadConfig({ ...valid, NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }).webhooks.allowPrivateUrls).toBe(true);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, and refuses true (it lets a client choose its own IP)', () => {
    expect(loadConfig({ ...valid, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8, 172.16.0.1,loopback, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '172.16.0.1',
      'loopback',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY: true is not accepted: it trusts every X-Forwarded-For entry/,
    );
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'TRUE' })).toThrow(/TRUST_PROXY: true is not accepted/);
    expect(() => loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: 10\.0\.0\.0\/33: not an IP address/);
    expect(() => loadConfig({ ...valid, TRUST_PROXY: 'my-balancer' })).toThrow(/TRUST_PROXY: my-balancer: not an IP address/);
  });

  it('reads sign-in providers by id (Google’s issuer known), names what a provider lacks, and checks ADMIN_SIGN_IN', () => {
    expect(loadConfig(valid).oidcProviders).toEqual([]);
    const google = loadConfig({ ...valid, OIDC_PROVIDERS: 'google', OIDC_GOOGLE_CLIENT_ID: 'id', OIDC_GOOGLE_CLIENT_SECRET: 'secret' });
    expect(google.oidcProviders.map(({ id, label, issuer, clientId }) => ({ id, label, issuer, clientId }))).toEqual([
      { id: 'google', label: 'Google', issuer: 'https://accounts.google.com', clientId: 'id' },
    ]);
    expect(inspect(google.oidcProviders[0]!.clientSecret)).not.toContain('secret');
    expect(google.adminSignIn).toEqual({ secondProvider: null });
    expect(() => loadConfig({ ...valid, OIDC_PROVIDERS: 'acme' })).toThrow(
      /OIDC_ACME_ISSUER is required[\s\S]*OIDC_ACME_CLIENT_ID is required[\s\S]*OIDC_ACME_CLIENT_SECRET is required/,
    );
    const acme = loadConfig({
      ...valid,
      OIDC_PROVIDERS: 'google, acme',
      OIDC_GOOGLE_CLIENT_ID: 'id',
      OIDC_GOOGLE_CLIENT_SECRET: 'secret',
      OIDC_ACME_ISSUER: 'https://login.acme.example/',
      OIDC_ACME_CLIENT_ID: 'a',
      OIDC_ACME_CLIENT_SECRET: 'b',
      ADMIN_SIGN_IN: 'password+google',
    });
    expect(acme.oidcProviders.map((p) => [p.id, p.label, p.issuer])).toEqual([
      ['google', 'Google', 'https://accounts.google.com'],
      ['acme', 'Acme', 'https://login.acme.example'],
    ]);
    expect(acme.adminSignIn).toEqual({ secondProvider: 'google' });
    expect(() => loadConfig({ ...valid, ADMIN_SIGN_IN: 'password+google' })).toThrow(
      /ADMIN_SIGN_IN: "password", or "password\+<provider>"/,
    );
    expect(() => loadConfig({ ...valid, ADMIN_SIGN_IN: 'google' })).toThrow(/ADMIN_SIGN_IN/);
  });

  it('reads the seller printed on receipts: address lines by comma, a VAT number only when it looks like one', () => {
    expect(loadConfig(valid).billing.seller).toEqual({ name: 'LeadFlow', address: [], vatNumber: null });
    const seller = loadConfig({
      ...valid,
      COMPANY_NAME: 'Acme Leads Ltd',
      COMPANY_ADDRESS: ' 1 High St ,, London , EC1A 1BB',
      COMPANY_VAT_NUMBER: 'GB123456789',
    }).billing.seller;
    expect(seller).toEqual({ name: 'Acme Leads Ltd', address: ['1 High St', 'London', 'EC1A 1BB'], vatNumber: 'GB123456789' });
    expect(() => loadConfig({ ...valid, COMPANY_VAT_NUMBER: '123' })).toThrow(/COMPANY_VAT_NUMBER must be a VAT number/);
  });
});
