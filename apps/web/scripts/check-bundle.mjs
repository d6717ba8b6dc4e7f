// Bundle budget: the JavaScript a first visit downloads before anything renders — the entry chunk
// and the chunks it imports statically, i.e. what dist/index.html loads or modulepreloads — must
// stay within BUDGET_KB gzipped. Route chunks load later and are listed but not counted.
// Run after `vite build`; exits 1 over the budget. kB are 1,000 bytes, as Vite prints them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const budgetKb = process.env.BUNDLE_BUDGET_KB ? Number(process.env.BUNDLE_BUDGET_KB) : BUDGET_KB;
if (!Number.isFinite(budgetKb) || budgetKb <= 0) {
  console.error(`BUNDLE_BUDGET_KB must be a positive number of kB, got "${process.env.BUNDLE_BUDGET_KB}"`);
  process.exit(2);
}
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No ${join('dist', 'index.html')}: run vite build first.`);
  process.exit(2);
}

/** The scripts index.html runs and the modules it preloads: `/assets/x.js` → `assets/x.js`. */
function initialScripts(html) {
  const urls = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModuleScript = tag.startsWith('<script') && /\btype="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isModuleScript || isPreload) && url && !/^[a-z]+:/i.test(url)) urls.add(url.replace(/^\//, ''));
  }
  return urls;
}

const kb = (bytes) => bytes / 1000;
const fmt = (bytes) => kb(bytes).toFixed(2).padStart(9);

const initial = initialScripts(readFileSync(join(dist, 'index.html'), 'utf8'));
const chunks = readdirSync(join(dist, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => {
    const file = `assets/${name}`;
    const content = readFileSync(join(dist, file));
    return { file, raw: content.length, gzip: gzipSync(content).length, initial: initial.has(file) };
  })
  .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);

const missing = [...initial].filter((file) => !chunks.some((c) => c.file === file));
if (missing.length > 0) {
  console.error(`index.html loads scripts that are not in dist/assets: ${missing.join(', ')}`);
  process.exit(2);
}

const width = Math.max(...chunks.map((c) => c.file.length), 'chunk'.length);
console.log(`\n${'chunk'.padEnd(width)}  ${'raw kB'.padStart(9)}  ${'gzip kB'.padStart(9)}  initial`);
for (const c of chunks) console.log(`${c.file.padEnd(width)}  ${fmt(c.raw)}  ${fmt(c.gzip)}  ${c.initial ? 'yes' : ''}`);

const counted = chunks.filter((c) => c.initial);
const raw = counted.reduce((sum, c) => sum + c.raw, 0);
const gzip = counted.reduce((sum, c) => sum + c.gzip, 0);
console.log(`${'initial JavaScript'.padEnd(width)}  ${fmt(raw)}  ${fmt(gzip)}  budget ${budgetKb} kB gzip`);

if (kb(gzip) > budgetKb) {
  console.error(
    `\nInitial JavaScript is ${kb(gzip).toFixed(2)} kB gzip, over the ${budgetKb} kB budget: load more of it lazily (see src/app.tsx).`,
  );
  process.exit(1);
}
console.log(`\nInitial JavaScript is within the budget (${kb(gzip).toFixed(2)} of ${budgetKb} kB gzip).`);
