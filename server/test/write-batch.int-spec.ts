/**
 * WriteBatch (the till's writes in one round trip) and the guard that comes with MySQL's
 * multi-statement flag: only a batch may send more than one statement; each statement's row count is
 * checked; a failing statement fails the batch with the error a single statement would raise and the
 * transaction leaves nothing behind. Both databases (SQLite runs the batch one statement at a time).
 */
import { QueryFailedError } from 'typeorm';
import { isUniqueViolation, TransactionRunner } from '../src/database/transaction-runner';
import { WriteBatch } from '../src/database/write-batch';
import { Member } from '../src/members/entities/member.entity';
import { aMember } from './fixtures';
import { startApp, TestApp, TEST_DB } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t?.close());

const points = async (id: string) => (await t.ds.getRepository(Member).findOneByOrFail({ id })).pointsBalance;

it('runs every statement, checks each row count, and rolls back all of it when one is not as expected', async () => {
  const a = await aMember(t);
  const b = await aMember(t);
  const tx = t.app.get(TransactionRunner);
  await tx.run(async (em) => {
    const batch = new WriteBatch(em);
    batch.add({
      sql: 'UPDATE member SET points_balance = points_balance + ? WHERE id = ?',
      params: [5, a.id],
    });
    batch.add({
      sql: 'UPDATE member SET points_balance = points_balance + ? WHERE id = ?',
      params: [7, b.id],
      expect: { rows: 1, error: () => new Error('not one row') },
    });
    await batch.flush();
    expect(batch.size).toBe(0);
  });
  expect([await points(a.id), await points(b.id)]).toEqual([5, 7]);

  await expect(
    tx.run(async (em) => {
      const batch = new WriteBatch(em);
      batch.add({
        sql: 'UPDATE member SET points_balance = points_balance + 100 WHERE id = ?',
        params: [a.id],
      });
      batch.add({
        sql: "UPDATE member SET points_balance = 1 WHERE id = 'nobody'",
        params: [],
        expect: { rows: 1, error: () => new Error('nobody to update') },
      });
      await batch.flush();
    }),
  ).rejects.toThrow('nobody to update');
  expect(await points(a.id)).toBe(5);
});

it('a statement that fails stops the batch with the usual error (unique key) and nothing is written', async () => {
  const a = await aMember(t);
  const other = await aMember(t);
  const err = await t.app
    .get(TransactionRunner)
    .run(async (em) => {
      const batch = new WriteBatch(em);
      batch.add({ sql: 'UPDATE member SET points_balance = 42 WHERE id = ?', params: [a.id] });
      // member_no is unique: taking another member's number fails.
      batch.add({ sql: 'UPDATE member SET member_no = ? WHERE id = ?', params: [other.memberNo, a.id] });
      batch.add({ sql: 'UPDATE member SET points_balance = 43 WHERE id = ?', params: [other.id] });
      await batch.flush();
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(QueryFailedError);
  expect(isUniqueViolation(err)).toBe(true);
  expect([await points(a.id), await points(other.id)]).toEqual([0, 0]);
});

(TEST_DB === 'mysql' ? it : it.skip)(
  'MySQL: any other query with a second statement is refused before it reaches the server',
  async () => {
    const m = await aMember(t);
    // What an injection into hand-built SQL would look like.
    const name = "x'; UPDATE member SET points_balance = 999999 WHERE id <> '";
    await expect(t.ds.query(`SELECT id FROM member WHERE name = '${name}'`)).rejects.toMatchObject({
      driverError: { code: 'ER_MULTI_STATEMENT_REFUSED' },
    });
    await expect(t.ds.query('SELECT 1; SELECT 2')).rejects.toThrow(/more than one SQL statement/);
    await expect(
      t.app.get(TransactionRunner).run((em) => em.query('UPDATE member SET points_balance = 1; SELECT 1')),
    ).rejects.toThrow(/more than one SQL statement/);
    expect(await points(m.id)).toBe(0);
    // One statement, with a `;` inside a string, still runs; parameters never add a statement.
    expect(await t.ds.query("SELECT 'a;b' AS s")).toEqual([{ s: 'a;b' }]);
    expect(await t.ds.query('SELECT ? AS s', ["'; SELECT 2; --"])).toEqual([{ s: "'; SELECT 2; --" }]);
  },
);
