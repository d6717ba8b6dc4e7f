// Writes .ci/test-durations.json (seconds per test file, slowest first) from a Jest JSON report:
//   npm test -- --json --outputFile=.tmp/jest.json && node scripts/test-durations.mjs .tmp/jest.json
// jest.sequencer.cjs reads it to start the slowest files first.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = JSON.parse(readFileSync(process.argv[2] ?? join(root, '.tmp', 'jest.json'), 'utf8'));
const rows = report.testResults
  // Repository-relative, whichever clone the report was written in.
  .map((r) => [r.name.replace(/^.*?\/(?=(?:apps|libs|scripts)\/)/, ''), Math.round((r.endTime - r.startTime) / 100) / 10])
  .sort((a, b) => b[1] - a[1]);
writeFileSync(join(root, '.ci', 'test-durations.json'), `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
console.log(
  rows
    .slice(0, 10)
    .map(([file, s]) => `${String(s).padStart(6)} s  ${file}`)
    .join('\n'),
);
