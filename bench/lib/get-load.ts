/** A closed-loop keep-alive GET load (127.0.0.1 only): each worker sends the next request as soon as the last answered. */
import { Agent, request } from 'undici';
import { percentile } from './stack';

export interface GetLoadResult {
  name: string;
  concurrency: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
}

/** Runs for `seconds`; every worker sends at least one request, so a very slow route still gets a figure. */
export async function getLoad(
  name: string,
  url: string,
  opts: { concurrency: number; seconds: number; headers?: Record<string, string> },
): Promise<GetLoadResult> {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Load goes to 127.0.0.1 only, not ${host}`);
  const dispatcher = new Agent({ connections: opts.concurrency, pipelining: 1, keepAliveTimeout: 10_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const end = Date.now() + opts.seconds * 1000;
  const worker = async () => {
    do {
      const started = process.hrtime.bigint();
      try {
        const res = await request(url, { method: 'GET', dispatcher, headers: opts.headers });
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch {
        errors += 1;
      }
    } while (Date.now() < end);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency: opts.concurrency,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    statuses,
  };
}
