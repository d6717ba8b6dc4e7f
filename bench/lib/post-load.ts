/**
 * HTTP load for the benchmarks (127.0.0.1 only): a closed loop (N workers, each sending its next
 * request as soon as the last one answered: the most a path can take) and an open loop (requests
 * sent on a fixed schedule whatever the answers: the latency at a given rate).
 */
import { Agent, request } from 'undici';
import { percentile } from './stack';

export interface LoadResult {
  name: string;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
  /** Requests answered. */
  count: number;
}

export interface Target {
  url: string | (() => string);
  body: () => object;
  headers?: Record<string, string>;
  /** A second request made from the first one's answer (a ping's post), timed with it as one; null sends none. */
  next?: (answer: Record<string, unknown>) => { url: string; body: object } | null;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Load goes to 127.0.0.1 only, not ${host}`);
}

async function send(dispatcher: Agent, t: Target): Promise<number> {
  const url = typeof t.url === 'string' ? t.url : t.url();
  assertLocal(url);
  const post = (to: string, body: object) =>
    request(to, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json', ...t.headers }, body: JSON.stringify(body) });
  const res = await post(url, t.body());
  if (!t.next || res.statusCode !== 200) {
    await res.body.dump();
    return res.statusCode;
  }
  const follow = t.next((await res.body.json()) as Record<string, unknown>);
  if (!follow) return res.statusCode;
  assertLocal(follow.url);
  const second = await post(follow.url, follow.body);
  await second.body.dump();
  return second.statusCode;
}

function summarise(
  name: string,
  concurrency: number,
  latencies: number[],
  elapsedSeconds: number,
  errors: number,
  statuses: Record<string, number>,
): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency,
    rps: latencies.length / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    statuses,
    count: latencies.length,
  };
}

/** `concurrency` keep-alive workers for `seconds`, each sending the next request as soon as the last answered. */
export async function closedLoop(name: string, t: Target, concurrency: number, seconds: number): Promise<LoadResult> {
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 10_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const started = process.hrtime.bigint();
      try {
        const status = await send(dispatcher, t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch {
        errors += 1;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - t0) / 1000;
  await dispatcher.close();
  return summarise(name, concurrency, latencies, elapsed, errors, statuses);
}

/**
 * `rate` requests a second for `seconds`, each sent at its scheduled time whether or not earlier
 * ones have answered, over at most `connections` keep-alive connections (more would queue in the
 * client: opening hundreds of sockets under a stall slows a server down more than the load does).
 * A request's latency runs from its scheduled time, not from when it could be sent, so a stalled
 * server shows in the percentiles instead of slowing the load down (no coordinated omission).
 * `concurrency` in the result is the most in flight at once, queued ones included.
 */
export async function openLoop(name: string, t: Target, rate: number, seconds: number, connections = 32): Promise<LoadResult> {
  const dispatcher = new Agent({ connections, pipelining: 1, keepAliveTimeout: 10_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let inFlight = 0;
  let peak = 0;
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const pending: Array<Promise<void>> = [];
  const t0 = performance.now();
  const fire = (scheduled: number) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    pending.push(
      send(dispatcher, t).then(
        (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(performance.now() - scheduled);
          inFlight -= 1;
        },
        () => {
          errors += 1;
          inFlight -= 1;
        },
      ),
    );
  };
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && t0 + next * interval <= now) {
      fire(t0 + next * interval);
      next += 1;
    }
    if (next < total) await new Promise((r) => setTimeout(r, Math.max(0, Math.min(5, t0 + next * interval - performance.now()))));
  }
  await Promise.all(pending);
  await dispatcher.close();
  return summarise(name, peak, latencies, seconds, errors, statuses);
}
