import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { request } from 'undici';
import { assertSafeWebhookUrl } from './url-guard';
import { WebhookHttpClient, webhookDispatcher } from './webhook-http';

/** A TCP server on 127.0.0.1 that only counts the connections that reach it. */
async function countingServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    count += 1;
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('webhook requests under the SSRF guard', () => {
  let local: Awaited<ReturnType<typeof countingServer>>;
  beforeEach(async () => {
    local = await countingServer();
  });
  afterEach(async () => local.close());

  it('refuses at connect time a name that answered public when checked and 127.0.0.1 when connecting (DNS rebinding), and never reaches the local server', async () => {
    const answers: LookupAddress[][] = [[{ address: '93.184.216.34', family: 4 }]];
    const asked: string[] = [];
    const resolve = async (host: string): Promise<LookupAddress[]> => {
      asked.push(host);
      return answers.shift() ?? [{ address: '127.0.0.1', family: 4 }];
    };
    const url = `https://rebind.example:${local.port}/hook`;
    // Saved: the first answer is public.
    await expect(assertSafeWebhookUrl(url, false, resolve)).resolves.toBeInstanceOf(URL);

    const http = new WebhookHttpClient({ allowPrivate: false, timeoutMs: 1_500, resolve });
    try {
      const outcome = await http.post(url, { 'content-type': 'application/json' }, '{"type":"webhook.test"}');
      expect(outcome).toMatchObject({
        status: null,
        body: null,
        error: 'url points at a private, loopback or link-local address (127.0.0.1); webhooks can only go to public addresses',
      });
    } finally {
      await http.close();
    }
    expect(asked).toEqual(['rebind.example', 'rebind.example']); // resolved again where the socket is made, and only there
    expect(local.connections()).toBe(0);
  });

  it('refuses at connect time an answer that tunnels to a private IPv4 address (6to4, NAT64, mapped)', async () => {
    for (const address of ['2002:7f00:1::1', '64:ff9b::7f00:1', '::ffff:127.0.0.1']) {
      const http = new WebhookHttpClient({ allowPrivate: false, timeoutMs: 1_500, resolve: async () => [{ address, family: 6 }] });
      try {
        const outcome = await http.post(`https://tunnel.example:${local.port}/hook`, {}, '{}');
        expect(outcome.error).toBe(
          `url points at a private, loopback or link-local address (${address}); webhooks can only go to public addresses`,
        );
      } finally {
        await http.close();
      }
    }
    expect(local.connections()).toBe(0);
  });

  it('refuses a literal private address in the dispatcher itself, even when the caller skipped the URL check', async () => {
    const dispatcher = webhookDispatcher({ allowPrivate: false, connectTimeoutMs: 1_500 });
    try {
      await expect(request(`https://127.0.0.1:${local.port}/hook`, { method: 'POST', body: '{}', dispatcher })).rejects.toThrow(
        /private, loopback or link-local address \(127\.0\.0\.1\)/,
      );
      await expect(request(`https://[::ffff:127.0.0.1]:${local.port}/hook`, { method: 'POST', body: '{}', dispatcher })).rejects.toThrow(
        /private, loopback or link-local address/,
      );
    } finally {
      await dispatcher.destroy();
    }
    expect(local.connections()).toBe(0);
  });
});

describe('webhook requests where private addresses are allowed (development and tests)', () => {
  let server: HttpServer;
  let base: string;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      if (req.url === '/busy') {
        res.writeHead(429, { 'retry-after': '7' }).end('slow down');
        return;
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"ok":true,"pad":"${'x'.repeat(4_000)}"}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts, keeps the first kilobyte of the answer, reads Retry-After, follows no redirect and times out', async () => {
    const http = new WebhookHttpClient({ allowPrivate: true, timeoutMs: 500 });
    try {
      const ok = await http.post(`${base}/hook`, { 'content-type': 'application/json' }, '{}');
      expect(ok).toMatchObject({ status: 200, error: null, retryAfterMs: null });
      expect(ok.body).toHaveLength(1_024);
      expect(ok.body?.startsWith('{"ok":true')).toBe(true);
      expect(await http.post(`${base}/busy`, {}, '{}')).toMatchObject({ status: 429, body: 'slow down', retryAfterMs: 7_000 });
      expect(await http.post(`${base}/moved`, {}, '{}')).toMatchObject({ status: 302 });
      expect(await http.post(`${base}/slow`, {}, '{}')).toMatchObject({ status: null, error: 'No answer within 0.5 s' });
      expect(await http.post('http://127.0.0.1:1/refused', {}, '{}')).toMatchObject({ status: null, error: 'ECONNREFUSED' });
    } finally {
      await http.close();
    }
  });
});
