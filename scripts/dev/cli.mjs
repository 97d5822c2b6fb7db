#!/usr/bin/env node
/** `pnpm cli …`: builds shared + server when stale, then runs the CLI from the repository root (relative FILE paths work). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
const entry = join(root, 'server', 'dist', 'cli', 'main.js');
const stale =
  !existsSync(entry) ||
  statSync(entry).mtimeMs <
    Math.max(newest(join(root, 'server', 'src')), newest(join(root, 'shared', 'src')));
if (stale) {
  for (const pkg of ['@tableside/shared', '@tableside/server']) {
    const r = spawnSync('pnpm', ['--filter', pkg, 'run', 'build'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { LOG_LEVEL: 'error', ...process.env },
});
process.exit(r.status ?? 1);
