/**
 * Reports on a read replica (DATABASE_REPLICA_URL, issue 13): the dashboard, campaign results and
 * the insight overview read the replica; the till and everything else read the primary. There is no
 * second MariaDB server here, so the "replica" is a second database on the same server that the test
 * fills by hand — what replication would do, seconds later. MariaDB only (a SQLite file has no
 * replica; that configuration is refused, see app-config.spec.ts).
 */
import { businessDay } from '@tableside/shared';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { openDataSource } from '../src/database/data-source';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  cashTemplate,
  Chain,
  memberCode,
  pos,
  requestId,
} from './fixtures';
import { freshDatabase, http, TEST_DB, TestApp, TestDb } from './harness';

const mysqlOnly = TEST_DB === 'mysql' ? describe : describe.skip;

mysqlOnly('reports on a read replica', () => {
  let t: TestApp;
  let replicaDb: TestDb;
  let chain: Chain;
  beforeAll(async () => {
    const primary = await freshDatabase();
    replicaDb = await freshDatabase();
    await (await openDataSource(replicaDb.config.database)).destroy(); // the schema, as replication brings it
    const app = await createApp({
      ...primary.config,
      replica: replicaDb.config.database as Extract<TestDb['config']['database'], { kind: 'mysql' }>,
      adminDist: null,
      miniappDist: null,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    t = {
      app,
      ds: app.get(DataSource),
      baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`,
      db: primary,
      close: async () => {
        await app.close();
        await primary.drop();
      },
    };
    chain = await buildChain(t);
  });
  afterAll(async () => {
    await t?.close();
    await replicaDb?.drop();
  });

  const replicaName = () => (replicaDb.config.database as { database: string }).database;
  const primaryName = () => (t.db.config.database as { database: string }).database;
  /** What replication does: the replica gets the primary's rows of these tables. */
  const replicate = async (...tables: string[]) => {
    for (const table of tables) {
      await t.ds.query(`DELETE FROM \`${replicaName()}\`.\`${table}\``);
      await t.ds.query(
        `INSERT INTO \`${replicaName()}\`.\`${table}\` SELECT * FROM \`${primaryName()}\`.\`${table}\``,
      );
    }
  };

  it('the dashboard reads the replica; the till writes and reads the primary', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(t, cashTemplate());
    const code = await aCoupon(t, tpl.id, m.id);
    // The till: a look-up and a bill, on the primary (the replica has no such member).
    const preview = await pos(t, chain.posA, '/checkout/preview', {
      amountFen: 10_000,
      memberCode: await memberCode(t, m.id),
      couponCodes: [code],
    });
    expect(preview.body).toMatchObject({ payableFen: expect.any(Number) });
    const commit = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      orderRef: 'R-1',
      amountFen: 10_000,
      memberCode: await memberCode(t, m.id),
      couponCodes: [code],
    });
    expect(commit.status).toBe(200);

    const day = businessDay(new Date(), 'Asia/Shanghai');
    const dashboard = () =>
      http(t.baseUrl, 'GET', `/api/admin/dashboard?from=${day}&to=${day}`, { token: chain.tokens.admin });
    // Before replication catches up: the replica's figures (nothing yet), not the primary's.
    expect((await dashboard()).body).toMatchObject({ visits: 0, membersTotal: 0, couponsUsed: 0 });
    await replicate('tier', 'member', 'visit', 'coupon');
    const after = (await dashboard()).body;
    expect(after).toMatchObject({ visits: 1, revenueFen: commit.body.payableFen, couponsUsed: 1 });
    const [{ n }] = await t.ds.query('SELECT COUNT(*) AS n FROM member WHERE deleted_at IS NULL');
    expect(after.membersTotal).toBe(Number(n));
    expect(after.tiers.reduce((a: number, x: { count: number }) => a + x.count, 0)).toBe(Number(n));

    const health = await http(t.baseUrl, 'GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'ok', databaseOk: true, replicaOk: true });
  });

  it('the insight overview reads the replica too', async () => {
    const overview = () =>
      http(t.baseUrl, 'GET', '/api/admin/insights/overview', { token: chain.tokens.admin });
    const before = await overview();
    expect(before.status).toBe(200);
    const { InsightsService } = await import('../src/insights/insights.service');
    await t.app.get(InsightsService).refresh();
    // Refreshed on the primary; the replica has not got it yet.
    expect((await overview()).body).toEqual(before.body);
    await replicate('insight_summary');
    const after = await overview();
    expect(after.status).toBe(200);
    expect(after.body).not.toEqual(before.body);
  });
});
