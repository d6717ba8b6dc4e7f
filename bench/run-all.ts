/**
 * `npm run bench`: every benchmark, one after the other (each brings up its own PostgreSQL, Redis,
 * sandbox and API, so they never share a machine's load), then one table of what they measured.
 * Each benchmark prints its own detail as it goes and leaves its rows in `.tmp/bench/<name>.json`.
 *
 * BENCH_SUITES=ingest,reads runs a subset. Every benchmark's own knobs pass through.
 */
import { execSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readSummary, summaryPath, type SummaryRow } from './lib/summary';

const ROOT = join(__dirname, '..');
const BENCHES = [
  { key: 'ingest', summary: 'ingest', file: 'bench/ingest.bench.ts', title: 'Lead ingest' },
  { key: 'webhooks', summary: 'webhooks', file: 'bench/webhooks.bench.ts', title: 'Webhook fan-out' },
  { key: 'reads', summary: 'read-paths', file: 'bench/read-paths.bench.ts', title: 'API read paths' },
];

function main(): number {
  const only = process.env.BENCH_SUITES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chosen = BENCHES.filter((b) => !only || only.includes(b.key));
  const failed: string[] = [];
  for (const b of chosen) {
    rmSync(summaryPath(b.summary), { force: true });
    console.log(`\n=== ${b.title} (${b.file}) ===`);
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', b.file], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? 'apps/api/tsconfig.json' },
    });
    if (run.status !== 0) failed.push(b.title);
  }

  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
  const line = (cells: string[], widths: number[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const widths = [64, 6, 9, 9, 10, 10];
  console.log(
    `\n=== Summary — ${new Date().toISOString()}, commit ${commit}, ${process.platform} ${process.arch}, Node ${process.versions.node} ===`,
  );
  console.log(line(['figure', 'conc.', 'req/s', 'p50 ms', 'p99 ms', '× base'], widths));
  for (const b of chosen) {
    const summary = readSummary(b.summary);
    console.log(`${b.title}${summary ? '' : ': no figures (it failed; see its output above)'}`);
    for (const r of summary?.rows ?? ([] as SummaryRow[])) {
      console.log(
        line(
          [
            `  ${r.name}`.slice(0, widths[0]),
            r.concurrency === undefined ? '' : String(r.concurrency),
            fmt(r.rps),
            fmt(r.p50, 1),
            fmt(r.p99, 1),
            fmt(r.ratio, 2),
          ],
          widths,
        ),
      );
    }
  }
  if (failed.length) console.log(`\nFailed: ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
}

process.exit(main());
