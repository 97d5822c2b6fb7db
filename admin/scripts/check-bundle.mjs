#!/usr/bin/env node
/**
 * First page load of the production build: the JS that index.html loads (entry script and its
 * modulepreloads), gzip-compressed, against the budget (450 kB). Lazy page chunks (dashboard with
 * echarts, member pages…) are listed separately. Exits 1 above budget.
 *   pnpm --filter @tableside/admin build && node scripts/check-bundle.mjs
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 450 * 1000;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = new Set([...html.matchAll(/(?:src|href)="\/admin\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

let total = 0;
console.log('First page load (index.html):');
for (const f of first) {
  const size = gz(f);
  total += size;
  console.log(`  ${f.padEnd(44)} ${kb(size)}`);
}
console.log(`  total JS gzip: ${kb(total)} (budget ${kb(BUDGET)})`);
const lazy = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !first.has(`assets/${f}`))
  .map((f) => [f, gz(`assets/${f}`)])
  .sort((a, b) => b[1] - a[1]);
console.log(
  `Lazy chunks: ${lazy.length}, largest: ${lazy
    .slice(0, 4)
    .map(([f, s]) => `${f} ${kb(s)}`)
    .join(', ')}`,
);
if (total > BUDGET) {
  console.error(`✘ first load ${kb(total)} is over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
console.log('✔ within budget');
