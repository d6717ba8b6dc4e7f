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
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: true });
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: false });
  });

  it('judges IPv6 prefixes that tunnel to IPv4 (6to4, NAT64, Teredo, mapped, translated) and the other special ranges', () => {
    const blocked = [
      '2002:7f00:1::1', // 6to4 of 127.0.0.1
      '2002:a00:1::', // 6to4 of 10.0.0.1
      '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254 (cloud metadata)
      '2002:c0a8:101:1234::5', // 6to4 of 192.168.1.1
      '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
      '64:ff9b::10.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::8.8.8.8', // local-use NAT64: refused whatever it embeds
      '2001::1', // Teredo
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '::ffff:7f00:1', // IPv4-mapped in hex, as the URL parser writes it
      '::ffff:a9fe:a9fe',
      '::ffff:0:127.0.0.1', // IPv4-translated
      '::127.0.0.1', // IPv4-compatible (deprecated)
      '::8.8.8.8',
      'fd00:ec2::254', // AWS metadata over IPv6 (unique local)
      'fe80::1%eth0',
      'fec0::1',
      '2001:db8::1',
      '100::1',
      'ff02::1',
      '100.100.100.200', // CGNAT (Alibaba metadata)
      '192.0.0.170',
      '255.255.255.255',
      'not-an-address',
    ];
    for (const a of blocked) expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: true });
    for (const a of [
      '2002:5db8:d822::1',
      '64:ff9b::8.8.8.8',
      '64:ff9b::5db8:d822',
      '2a00:1450:4009:81f::200e',
      '2001:4860:4860::8888',
      '::ffff:5db8:d822',
    ]) {
      expect({ a, private: isPrivateAddress(a) }).toEqual({ a, private: false });
    }
  });

  it('refuses private hosts (literal or by name) and plain http in production, with a message naming the problem', async () => {
    await expect(assertSafeWebhookUrl('https://127.0.0.1/hook', false)).rejects.toThrow(
      /private, loopback or link-local address \(127\.0\.0\.1\)/,
    );
    await expect(assertSafeWebhookUrl('https://[::1]:8443/hook', false)).rejects.toThrow(/\(::1\)/);
    await expect(assertSafeWebhookUrl('https://localhost/hook', false)).rejects.toThrow(/private, loopback/);
    await expect(assertSafeWebhookUrl('http://169.254.169.254/latest/meta-data', false)).rejects.toThrow(/169\.254\.169\.254/);
    await expect(assertSafeWebhookUrl('http://93.184.216.34/hook', false)).rejects.toThrow('url must use https');
    await expect(assertSafeWebhookUrl('ftp://93.184.216.34/hook', false)).rejects.toThrow('url must use https (or http)');
    await expect(assertSafeWebhookUrl('https://user:pw@93.184.216.34/hook', false)).rejects.toThrow(/user name or password/);
    await expect(assertSafeWebhookUrl('https://93.184.216.34/hook', false)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('http://127.0.0.1:9/hook', true)).resolves.toBeInstanceOf(URL);
  });

  it('refuses literal tunnelled and mapped addresses, in whatever form the URL parser leaves them', async () => {
    for (const url of [
      'https://[::ffff:127.0.0.1]/hook',
      'https://[2002:7f00:1::1]/hook',
      'https://[64:ff9b::a9fe:a9fe]/latest',
      'https://[2001::1]/hook',
      'https://2130706433/hook',
      'https://0x7f.1/hook',
    ]) {
      await expect(assertSafeWebhookUrl(url, false)).rejects.toThrow(/private, loopback or link-local address/);
    }
  });

  it('refuses a name when any of its addresses is private, using the resolver it is given', async () => {
    const resolve = async (host: string) =>
      host === 'split.example'
        ? [
            { address: '93.184.216.34', family: 4 },
            { address: '64:ff9b::7f00:1', family: 6 },
          ]
        : [{ address: '93.184.216.34', family: 4 }];
    await expect(assertSafeWebhookUrl('https://split.example/hook', false, resolve)).rejects.toThrow('(64:ff9b::7f00:1)');
    await expect(assertSafeWebhookUrl('https://public.example/hook', false, resolve)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('https://nowhere.example/hook', false, async () => [])).rejects.toThrow(
      'url host nowhere.example does not resolve',
    );
  });
});
