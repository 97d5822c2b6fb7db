/**
 * Reads that arrive together leave together (src/database/read-coalescer.ts): the till's look-ups
 * issued in one turn of the event loop go to MySQL as one query, and each caller still gets exactly
 * its own rows — or its own error. Both databases (SQLite answers each read on its own).
 */
import { TransactionRunner } from '../src/database/transaction-runner';
import { coalescedRead } from '../src/database/read-coalescer';
import { aMember } from './fixtures';
import { countMysqlWrites, startApp, TestApp, TEST_DB } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t?.close());

const mysqlOnly = TEST_DB === 'mysql' ? it : it.skip;
const byNo = 'SELECT id, member_no AS no, points_balance AS p FROM member WHERE member_no = ?';

it('reads issued together each get their own rows, exactly as alone', async () => {
  const members: Awaited<ReturnType<typeof aMember>>[] = [];
  for (let i = 0; i < 40; i++) members.push(await aMember(t));
  const alone = [];
  for (const m of members) alone.push(await t.ds.query(byNo, [m.memberNo]));
  const together = await Promise.all(members.map((m) => coalescedRead(t.ds.manager, byNo, [m.memberNo])));
  expect(together).toEqual(alone);
  expect(together.map((rows) => rows[0].id)).toEqual(members.map((m) => m.id));
  // A number nobody has: no rows, and its neighbours unaffected.
  const [a, none, b] = await Promise.all([
    coalescedRead(t.ds.manager, byNo, [members[0].memberNo]),
    coalescedRead(t.ds.manager, byNo, ['no-such-number']),
    coalescedRead(t.ds.manager, byNo, [members[1].memberNo]),
  ]);
  expect([a[0].id, none, b[0].id]).toEqual([members[0].id, [], members[1].id]);
});

mysqlOnly(
  'MySQL: 40 reads of one turn are two socket writes (32 to a query), one read alone is one',
  async () => {
    const members: Awaited<ReturnType<typeof aMember>>[] = [];
    for (let i = 0; i < 40; i++) members.push(await aMember(t));
    await Promise.all(members.map((m) => t.ds.query(byNo, [m.memberNo]))); // the pool's connections open
    expect(
      await countMysqlWrites(() =>
        Promise.all(members.map((m) => coalescedRead(t.ds.manager, byNo, [m.memberNo]))),
      ),
    ).toBe(2);
    expect(await countMysqlWrites(() => coalescedRead(t.ds.manager, byNo, [members[0].memberNo]))).toBe(1);
  },
);

mysqlOnly('MySQL: a read that fails gets its own error; the others still get their rows', async () => {
  const a = await aMember(t);
  const b = await aMember(t);
  const results = await Promise.allSettled([
    coalescedRead(t.ds.manager, byNo, [a.memberNo]),
    coalescedRead(t.ds.manager, 'SELECT nothing FROM no_such_table WHERE id = ?', ['x']),
    coalescedRead(t.ds.manager, byNo, [b.memberNo]),
  ]);
  expect(results[0]).toMatchObject({ status: 'fulfilled', value: [{ id: a.id }] });
  expect(results[1]).toMatchObject({
    status: 'rejected',
    reason: { driverError: { code: 'ER_NO_SUCH_TABLE' } },
  });
  expect(results[2]).toMatchObject({ status: 'fulfilled', value: [{ id: b.id }] });
});

mysqlOnly(
  'MySQL: a read carrying a second statement is refused, and cannot ride along with others',
  async () => {
    const a = await aMember(t);
    const injected = `SELECT id FROM member WHERE member_no = '${a.memberNo}'; UPDATE member SET points_balance = 999`;
    const results = await Promise.allSettled([
      coalescedRead(t.ds.manager, byNo, [a.memberNo]),
      coalescedRead(t.ds.manager, injected),
      // A parameter never adds a statement.
      coalescedRead(t.ds.manager, byNo, ["x'; UPDATE member SET points_balance = 999; --"]),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: [{ id: a.id, p: 0 }] });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { driverError: { code: 'ER_MULTI_STATEMENT_REFUSED' } },
    });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: [] });
    expect(Number((await t.ds.query('SELECT MAX(points_balance) AS n FROM member'))[0].n)).toBe(0);
  },
);

it("inside a transaction a read stays on the transaction's connection (it sees the transaction's own writes)", async () => {
  const a = await aMember(t);
  const seen = await t.app.get(TransactionRunner).run(async (em) => {
    await em.query('UPDATE member SET points_balance = 77 WHERE id = ?', [a.id]);
    const [inside, outside] = await Promise.all([
      coalescedRead(em, byNo, [a.memberNo]),
      TEST_DB === 'mysql' ? coalescedRead(t.ds.manager, byNo, [a.memberNo]) : Promise.resolve(null),
    ]);
    return { inside: Number(inside[0].p), outside: outside && Number(outside[0].p) };
  });
  // SQLite has one connection (the outside read would wait for the transaction): MySQL only there.
  expect(seen).toEqual({ inside: 77, outside: TEST_DB === 'mysql' ? 0 : null });
});
