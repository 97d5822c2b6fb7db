/**
 * Stopping an instance under load (issue 13, several instances): a real server process on the test
 * database and Redis takes signed POS checkouts from 8 clients; SIGTERM mid-run. Readiness turns 503
 * at once while requests are still served for the grace period, then the server stops accepting and
 * finishes what is in flight. Every checkout that got a 2xx is in the database exactly once, a
 * request turned away while closing gets 503 (and committed nothing), and the ledgers balance.
 */
import { ChildProcess } from 'node:child_process';
import { buildChain, Chain, expectLedgersBalance, pos, requestId } from './fixtures';
import { http, startApp, TestApp } from './harness';
import { spawnServer, TEST_REDIS, waitReady } from './processes';

let t: TestApp;
let chain: Chain;
let child: ChildProcess;
let base: string;

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
  ({ child, base } = await spawnServer(t, {
    REDIS_URL: TEST_REDIS,
    SCHEDULER: '0',
    SHUTDOWN_GRACE_SECONDS: '1',
  }));
  const ready = await waitReady(base);
  expect(ready.body).toMatchObject({ ready: true, databaseOk: true, redisOk: true });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await t?.close();
});

it('SIGTERM mid-run: readiness 503 first, in-flight work finishes, every 2xx is kept once, nothing but 503 refused', async () => {
  const target = { ...t, baseUrl: base };
  const ok: string[] = [];
  const statuses: number[] = [];
  let refused = 0;
  let stop = false;
  const client = async () => {
    while (!stop) {
      try {
        const r = await pos(target, chain.posA, '/checkout/commit', {
          requestId: requestId(),
          couponCodes: [],
          amountFen: 5_000,
          orderRef: 'SHUTDOWN',
        });
        statuses.push(r.status);
        if (r.status === 200) ok.push(r.body.redemptionId);
      } catch {
        refused++; // connection refused / reset: the server had stopped accepting; nothing was confirmed
        if (child.exitCode !== null || refused > 200) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await new Promise((r) => setTimeout(r, 700));
  const before = ok.length;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  // Right away: not ready any more, yet still serving during the grace period.
  await new Promise((r) => setTimeout(r, 100));
  const ready = await http(base, 'GET', '/api/health/ready');
  expect([ready.status, ready.body.code]).toEqual([503, 'SHUTTING_DOWN']);
  await exited;
  stop = true;
  await Promise.all(clients);

  expect(before).toBeGreaterThan(0);
  expect(ok.length).toBeGreaterThan(before); // served during the grace period
  // While closing, a request arriving on a kept-alive connection is answered 503 (retry elsewhere),
  // never accepted and lost; no other 5xx.
  expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
  const rows = (await t.ds.query("SELECT id FROM visit WHERE order_ref = 'SHUTDOWN'")) as { id: string }[];
  expect(rows.map((r) => r.id).sort()).toEqual([...ok].sort()); // every 2xx kept, once; nothing else
  await expectLedgersBalance(t.ds);
}, 60_000);
