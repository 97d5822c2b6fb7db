#!/usr/bin/env node
// Fails if a built bundle still contains `process.env`: Taro inlines only the TARO_APP_*
// variables defined in the .env.<mode> file, and anything left over throws
// "process is not defined" in the browser (h5) and is undefined in weapp.
// Usage: node scripts/check-bundle.mjs [distDir...]   (default: dist/weapp dist/h5)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['dist/weapp', 'dist/h5'];
const SCANNED = /\.(js|mjs|html|wxml|wxs)$/;
const PATTERN = /process\.env\b/g;

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile() && SCANNED.test(entry.name)) out.push(full);
  }
  return out;
}

let scannedDirs = 0;
let hits = 0;
for (const dir of dirs) {
  const abs = path.resolve(appRoot, dir);
  if (!fs.existsSync(abs)) {
    console.warn(`check-bundle: ${dir} not built, skipped`);
    continue;
  }
  scannedDirs++;
  const files = listFiles(abs);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(PATTERN)) {
      hits++;
      const start = Math.max(0, match.index - 60);
      const context = text.slice(start, match.index + 80).replace(/\s+/g, ' ');
      console.error(`${path.relative(appRoot, file)}:${match.index}: …${context}…`);
    }
  }
  console.log(`check-bundle: ${dir}: ${files.length} files scanned`);
}

if (scannedDirs === 0) {
  console.error('check-bundle: nothing to scan — build first (pnpm build)');
  process.exit(1);
}
if (hits > 0) {
  console.error(
    `check-bundle: FAIL ${hits} bare process.env reference(s); define every TARO_APP_* variable in every .env.* file`,
  );
  process.exit(1);
}
console.log('check-bundle: OK, no process.env left in the bundles');
