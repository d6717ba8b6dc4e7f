import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of a benchmark's result, as `npm run bench` gathers them. Times in ms. */
export interface SummaryRow {
  name: string;
  concurrency?: number;
  rps: number;
  p50: number;
  p99: number;
  /** Throughput against the same run's baseline (1 for the baseline itself). */
  ratio: number;
}

const DIR = join(__dirname, '..', '..', '.tmp', 'bench');

/** Where a benchmark leaves its rows (`.tmp/bench/<name>.json`). */
export function summaryPath(bench: string): string {
  return join(DIR, `${bench}.json`);
}

/** Writes a benchmark's rows, with whatever else it wants kept beside them (its knobs, its plans). */
export function writeSummary<R extends SummaryRow>(bench: string, rows: R[], extra: Record<string, unknown> = {}): void {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(summaryPath(bench), `${JSON.stringify({ bench, at: new Date().toISOString(), ...extra, rows }, null, 2)}\n`);
  console.log(`\nWrote .tmp/bench/${bench}.json`);
}

/** A figure to one decimal place, as the summaries keep them. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function readSummary(bench: string): { bench: string; at: string; rows: SummaryRow[] } | null {
  try {
    return JSON.parse(readFileSync(summaryPath(bench), 'utf8')) as { bench: string; at: string; rows: SummaryRow[] };
  } catch {
    return null;
  }
}
