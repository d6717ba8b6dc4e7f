// Runs the slowest test files first, so the two workers finish together instead of one waiting on
// a long browser suite that started last. Durations (seconds) come from a full run
// (`node scripts/test-durations.mjs .tmp/jest.json`); files not listed count as medium.
const { readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const MEDIUM = 10;
let durations = {};
try {
  durations = JSON.parse(readFileSync(join(__dirname, '.ci', 'test-durations.json'), 'utf8'));
} catch {
  // No list: every file counts as medium, and Jest's own order decides.
}

class SlowestFirst extends Sequencer {
  sort(tests) {
    const seconds = (test) => durations[relative(__dirname, test.path)] ?? MEDIUM;
    return [...super.sort(tests)].sort((a, b) => seconds(b) - seconds(a));
  }
}

module.exports = SlowestFirst;
