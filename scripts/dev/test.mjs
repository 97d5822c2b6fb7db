#!/usr/bin/env node
/**
 * The whole test suite, as README's test command and .ci/run run it:
 * type-check, lint, format check, unit tests, server integration tests on SQLite AND MariaDB,
 * admin and mini-program tests and builds, the mini-program size budget.
 * Prints one closing line "N passed, N failed" over the steps' test counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv.slice(2);
const results = [];
let passed = 0;
let failed = 0;

function run(name, cmd, args, opts = {}) {
  if (only.length && !only.some((o) => name.includes(o))) return true;
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const jsonFile = opts.jestJson ? join(root, 'artifacts', `${name.replace(/\W+/g, '-')}.json`) : null;
  if (jsonFile) {
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    rmSync(jsonFile, { force: true });
  }
  const res = spawnSync(cmd, jsonFile ? [...args, '--json', `--outputFile=${jsonFile}`] : args, {
    cwd: opts.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, ...(opts.env ?? {}) },
  });
  const ok = res.status === 0;
  let counts = '';
  if (jsonFile && existsSync(jsonFile)) {
    const j = JSON.parse(readFileSync(jsonFile, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    counts = ` (${j.numPassedTests} passed, ${j.numFailedTests} failed)`;
  } else if (!ok) failed += 1;
  results.push(`${ok ? '✔' : '✘'} ${name}${counts} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return ok;
}

const pnpm = 'pnpm';
run('build shared', pnpm, ['--filter', '@tableside/shared', 'run', 'build']);
run('typecheck', pnpm, ['-r', '--parallel=false', 'run', 'typecheck']);
run('lint', pnpm, ['run', 'lint']);
run('format', pnpm, ['run', 'format:check']);
run('shared unit', 'npx', ['jest'], { cwd: join(root, 'shared'), jestJson: true });
run('server unit', 'npx', ['jest', '--selectProjects', 'unit'], {
  cwd: join(root, 'server'),
  jestJson: true,
});
run('build server', pnpm, ['--filter', '@tableside/server', 'run', 'build']);
run('server integration sqlite', 'npx', ['jest', '--selectProjects', 'integration', '--runInBand'], {
  cwd: join(root, 'server'),
  env: { TEST_DB: 'sqlite' },
  jestJson: true,
});
run('server integration mariadb', 'npx', ['jest', '--selectProjects', 'integration', '--runInBand'], {
  cwd: join(root, 'server'),
  env: { TEST_DB: 'mysql' },
  jestJson: true,
});
run('admin unit', 'npx', ['jest'], { cwd: join(root, 'admin'), jestJson: true });
run('admin api client up to date', pnpm, ['--filter', '@tableside/admin', 'run', 'check:api']);
run('admin build', pnpm, ['--filter', '@tableside/admin', 'run', 'build']);
run('admin first-load budget', pnpm, ['--filter', '@tableside/admin', 'run', 'check:bundle']);
run('admin e2e (Chromium)', 'npx', ['jest', '-c', 'e2e/jest.config.cjs', '--runInBand'], {
  cwd: join(root, 'admin'),
  jestJson: true,
});
run('miniapp unit', 'npx', ['jest'], { cwd: join(root, 'miniapp'), jestJson: true });
run('miniapp build', pnpm, ['--filter', '@tableside/miniapp', 'run', 'build']);
run('miniapp size', pnpm, ['--filter', '@tableside/miniapp', 'run', 'size']);
run('miniapp e2e (h5 in Chromium)', 'npx', ['jest', '-c', 'e2e/jest.config.js', '--runInBand'], {
  cwd: join(root, 'miniapp'),
  jestJson: true,
});

console.log('\n== summary ==');
for (const r of results) console.log(r);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.some((r) => r.startsWith('✘')) ? 1 : 0);
