/**
 * `npm run bench:profile-summary -- <file.cpuprofile> [requests]` — where a process's CPU went, by
 * package: the self time of every sampled function, grouped by the node_modules package (or our own
 * source folder, or Node's internals) it belongs to. With `requests`, also milliseconds per request.
 * Take the profile with the ingest bench, e.g. the API floor alone at concurrency 8:
 *   BENCH_ONLY=floor BENCH_CONCURRENCY=8 BENCH_SECONDS=20 BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=.tmp/prof' npm run bench:ingest
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (or our folder, or a Node/V8 bucket) a function belongs to. */
export function componentOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /apps\/api\/(?:dist|src)\/([^/]+)(?:\/([^/]+))?/.exec(url);
  if (ours) return `api: ${ours[2] && !ours[2].includes('.') ? `${ours[1]}/${ours[2]}` : ours[1]}`;
  return url;
}

function main(): void {
  const [file, requestsArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [requests]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const component = componentOf(byId.get(id)!.callFrame);
    self.set(component, (self.get(component) ?? 0) + us);
    total += us;
  });
  const idle = self.get('(idle)') ?? 0;
  const busy = total - idle;
  const requests = requestsArg ? Number(requestsArg) : null;
  console.log(`profile: ${(total / 1e6).toFixed(1)} s, of which busy ${(busy / 1e6).toFixed(1)} s`);
  console.log(`${'component'.padEnd(40)}${'busy %'.padStart(8)}${requests ? 'ms/request'.padStart(12) : ''}`);
  for (const [component, us] of [...self].filter(([c]) => c !== '(idle)').sort((a, b) => b[1] - a[1])) {
    if (us / busy < 0.005) continue;
    const perRequest = requests ? (us / 1000 / requests).toFixed(3).padStart(12) : '';
    console.log(`${component.padEnd(40)}${((100 * us) / busy).toFixed(1).padStart(8)}${perRequest}`);
  }
}

if (require.main === module) main();
