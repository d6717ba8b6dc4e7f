import { Webhook } from 'standardwebhooks';
import { newSigningSecret, webhookHeaders } from './signing';
import { assertSafeWebhookUrl, isPrivateAddress } from './url-guard';
import { parseRetryAfter, retryDelayMs } from './webhook-sender';

describe('webhook signing', () => {
  it('produces headers the standardwebhooks package verifies, under either secret during a rotation', () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'lead.reported', data: { leadId: 'x' } });
    const headers = webhookHeaders([newSecret, oldSecret], 'evt_1', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(body, headers)).toMatchObject({ type: 'lead.reported' });
    expect(new Webhook(oldSecret).verify(body, headers)).toMatchObject({ type: 'lead.reported' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret).verify(body.replace('x', 'y'), headers)).toThrow();
  });
});

describe('the retry schedule', () => {
  it('follows Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 5_000) / 1_000)).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
    expect(retryDelayMs(2, 10)).toBe(600);
  });

  it('reads Retry-After as seconds or a date, capped at a day', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('999999', now)).toBe(86_400_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('the webhook URL guard', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: true });
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: false });
  });

  it('refuses private hosts (literal or by name) and plain http in production, with a message naming the problem', async () => {
    await expect(assertSafeWebhookUrl('https://127.0.0.1/hook', false)).rejects.toThrow(/private, loopback or link-local address \(127\.0\.0\.1\)/);
    await expect(assertSafeWebhookUrl('https://[::1]:8443/hook', false)).rejects.toThrow(/\(::1\)/);
    await expect(assertSafeWebhookUrl('https://localhost/hook', false)).rejects.toThrow(/private, loopback/);
    await expect(assertSafeWebhookUrl('http://169.254.169.254/latest/meta-data', false)).rejects.toThrow(/169\.254\.169\.254/);
    await expect(assertSafeWebhookUrl('http://93.184.216.34/hook', false)).rejects.toThrow('url must use https');
    await expect(assertSafeWebhookUrl('ftp://93.184.216.34/hook', false)).rejects.toThrow('url must use https (or http)');
    await expect(assertSafeWebhookUrl('https://user:pw@93.184.216.34/hook', false)).rejects.toThrow(/user name or password/);
    await expect(assertSafeWebhookUrl('https://93.184.216.34/hook', false)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('http://127.0.0.1:9/hook', true)).resolves.toBeInstanceOf(URL);
  });
});
