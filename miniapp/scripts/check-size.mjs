#!/usr/bin/env node
// Measures the weapp build against WeChat's package limits and our own budget.
//   main package = every file in dist/weapp except the subpackage roots declared in app.json
//   (generated from src/app.config.ts); total = every file.
// Exits 1 if main > 600 KB or total > 2 MB. Also prints the h5 JS size (gzip) when dist/h5 exists.
// Usage: node scripts/check-size.mjs [weappDir]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const KB = 1024;
const MAIN_LIMIT = 600 * KB;
const TOTAL_LIMIT = 2 * 1024 * KB;

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const weappDir = path.resolve(process.argv[2] ?? path.join(appRoot, 'dist/weapp'));
const h5Dir = path.join(appRoot, 'dist/h5');

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const toPosix = (p) => p.split(path.sep).join('/');

const appJsonPath = path.join(weappDir, 'app.json');
if (!fs.existsSync(appJsonPath)) {
  console.error(`check-size: ${appJsonPath} not found — run \`pnpm build:weapp\` first.`);
  process.exit(1);
}
const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
const subRoots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map((sub) =>
  toPosix(sub.root).replace(/^\/+|\/+$/g, ''),
);

const perSub = new Map(subRoots.map((root) => [root, 0]));
let main = 0;
let total = 0;
for (const file of listFiles(weappDir)) {
  const bytes = fs.statSync(file).size;
  const rel = toPosix(path.relative(weappDir, file));
  total += bytes;
  const root = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`));
  if (root === undefined) main += bytes;
  else perSub.set(root, perSub.get(root) + bytes);
}

console.log(`weapp (${path.relative(process.cwd(), weappDir) || '.'})`);
console.log(`  main package${' '.repeat(9)}${kb(main).padStart(10)}  (limit ${kb(MAIN_LIMIT)})`);
for (const [root, bytes] of perSub)
  console.log(`  ${root.padEnd(20)} ${kb(bytes).padStart(10)}  (subpackage)`);
console.log(`  total${' '.repeat(16)}${kb(total).padStart(10)}  (limit ${kb(TOTAL_LIMIT)})`);

if (fs.existsSync(path.join(h5Dir, 'index.html'))) {
  const gzip = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  const jsFiles = listFiles(h5Dir).filter((f) => f.endsWith('.js'));
  const html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)]
    .map((m) => path.join(h5Dir, path.basename(path.dirname(m[1])), path.basename(m[1])))
    .filter((f) => fs.existsSync(f));
  const sum = (files) => files.reduce((acc, f) => acc + gzip(f), 0);
  console.log('h5 (dist/h5, informational)');
  console.log(`  JS in index.html  ${kb(sum(initial)).padStart(10)} gzip`);
  console.log(`  all JS            ${kb(sum(jsFiles)).padStart(10)} gzip (${jsFiles.length} files)`);
}

const failures = [];
if (main > MAIN_LIMIT) failures.push(`main package ${kb(main)} exceeds ${kb(MAIN_LIMIT)}`);
if (total > TOTAL_LIMIT) failures.push(`total ${kb(total)} exceeds ${kb(TOTAL_LIMIT)}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`check-size: FAIL ${failure}`);
  process.exit(1);
}
console.log('check-size: OK');
