import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook must never reach in production: loopback, private, link-local, CGNAT, metadata, multicast, reserved. */
const PRIVATE_V4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE_V4.addSubnet(net, prefix, 'ipv4');

/**
 * IPv6 ranges refused outright. Teredo (2001::/32) and the local-use NAT64 prefix (64:ff9b:1::/48)
 * tunnel to IPv4 addresses we cannot see (Teredo's is obfuscated), so they are refused whole; the
 * IPv4-compatible form (::/96, deprecated) too. The prefixes that carry a readable IPv4 address
 * (IPv4-mapped, IPv4-translated, 6to4, the well-known NAT64 prefix) are judged by that address.
 */
const PRIVATE_V6 = new BlockList();
for (const [net, prefix] of [
  ['::', 96],
  ['100::', 64],
  ['2001::', 32],
  ['2001:2::', 48],
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['3fff::', 20],
  ['5f00::', 16],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE_V6.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a zone id dropped, a dotted IPv4 tail read), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0]!;
  if (isIP(text) !== 6) return null;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const read = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = read(head);
  const back = read(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const v4 = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');

/** The IPv4 address an IPv6 address carries in a readable form (mapped, translated, 6to4, well-known NAT64), if any. */
export function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!); // ::ffff:a.b.c.d, IPv4-mapped
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!); // ::ffff:0:a.b.c.d, IPv4-translated
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 2002:aabb:ccdd::/48, 6to4
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!); // 64:ff9b::a.b.c.d, NAT64
  return null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]!);
  if (family === 4) return PRIVATE_V4.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIPv4(address);
  if (inner !== null) return PRIVATE_V4.check(inner, 'ipv4');
  return PRIVATE_V6.check(address.split('%')[0]!, 'ipv6');
}

export class UnsafeUrlError extends Error {
  readonly code = 'UNSAFE_WEBHOOK_ADDRESS';
}

/** Resolves a host name to every address it has (the system resolver, unless a test injects another). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

function refuse(address: string): UnsafeUrlError {
  return new UnsafeUrlError(
    `url points at a private, loopback or link-local address (${address}); webhooks can only go to public addresses`,
  );
}

/** Every address of `host`; throws naming the first private one, or when the host does not resolve. */
export async function resolvePublic(host: string, resolve: HostResolver): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new UnsafeUrlError(`url host ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`url host ${host} does not resolve`);
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  if (blocked) throw refuse(blocked.address);
  return addresses;
}

/**
 * What can be said of a webhook URL without DNS: http(s) only, no credentials in it, and (unless
 * private addresses are allowed) https and no private literal address.
 */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('url must be an absolute http(s) URL, e.g. https://hooks.zapier.com/hooks/catch/123/abc');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('url must use https (or http)');
  if (url.username || url.password) throw new UnsafeUrlError('url must not contain a user name or password');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host)) throw refuse(host);
  if (url.protocol !== 'https:') throw new UnsafeUrlError('url must use https');
  return url;
}

/**
 * Checks a webhook URL when it is saved: `parseWebhookUrl`, then (unless private addresses are
 * allowed) a host that resolves only to public addresses. Requests do not rely on this answer: the
 * dispatcher (`webhookDispatcher`) checks the addresses again at connect time and connects only to
 * those it checked, so a DNS change cannot point a saved URL at the inside of our network.
 */
export async function assertSafeWebhookUrl(raw: string, allowPrivate: boolean, resolve: HostResolver = systemResolver): Promise<URL> {
  const url = parseWebhookUrl(raw, allowPrivate);
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) await resolvePublic(host, resolve);
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect`/`tls.connect` that resolves, refuses the host when any answer is
 * private, and hands the socket only the addresses it checked: the address is pinned at connect
 * time, so a second DNS answer (rebinding) never reaches the socket unchecked.
 */
export function publicOnlyLookup(resolve: HostResolver): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    resolvePublic(hostname, resolve).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (wanted.length === 0)
          return callback(
            Object.assign(new Error(`url host ${hostname} has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }),
            '',
          );
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: Error) => callback(err, ''),
    );
  };
}
