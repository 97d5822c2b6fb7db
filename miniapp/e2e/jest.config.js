/**
 * Browser journey tests: the real server (server/dist) on a fresh SQLite database with the demo
 * chain, serving the h5 build at /m/, driven by playwright-core in Debian's Chromium.
 * Needs `pnpm --filter @tableside/server build` and `pnpm --filter @tableside/miniapp build:h5` first.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testTimeout: 180000,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
};
