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
import { countMysqlWrites, startApp, TestApp, TEST_DB } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t?.close());

interface MysqlConn {
  execute(sql: string, values: unknown[], cb: (e: Error | null) => void): void;
}
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

it('a batch that carries the COMMIT: written at once when every count holds; a wrong count writes nothing and names its error', async () => {
  const a = await aMember(t);
  const tx = t.app.get(TransactionRunner);
  let attempts = 0;
  const bill = (target: string) =>
    tx.run(async (em) => {
      attempts++;
      const batch = new WriteBatch(em);
      batch.add({
        sql: 'UPDATE member SET points_balance = points_balance + 10 WHERE id = ?',
        params: [a.id],
      });
      batch.add({
        sql: 'UPDATE member SET points_balance = points_balance + 1 WHERE id = ?',
        params: [target],
        expect: { rows: 1, error: () => new Error('the second member is gone') },
      });
      await batch.flush({ commit: true });
      return 'ok';
    });
  await expect(bill(a.id)).resolves.toBe('ok');
  expect([await points(a.id), attempts]).toEqual([11, 1]);

  attempts = 0;
  await expect(bill('nobody')).rejects.toThrow('the second member is gone');
  // MySQL: the guard stopped the first attempt before its COMMIT, the second (COMMIT on its own) names
  // the error; SQLite checks the counts itself in one attempt. Either way the first UPDATE is undone.
  expect(attempts).toBe(TEST_DB === 'mysql' ? 2 : 1);
  expect(await points(a.id)).toBe(11);
});

(TEST_DB === 'mysql' ? it : it.skip)(
  'MySQL: a bill is two round trips — START TRANSACTION rides with the look-up, COMMIT with the writes — and nothing runs after that COMMIT',
  async () => {
    const a = await aMember(t);
    const tx = t.app.get(TransactionRunner);
    await tx.run((em) => em.query('SELECT 1')); // a pooled connection, its isolation level set
    expect(
      await countMysqlWrites(() =>
        tx.run(async (em) => {
          await em.query('SELECT points_balance FROM member WHERE id = ? FOR UPDATE', [a.id]);
          const batch = new WriteBatch(em);
          batch.add({ sql: 'UPDATE member SET points_balance = 3 WHERE id = ?', params: [a.id] });
          batch.add({
            sql: 'UPDATE member SET points_balance = points_balance + 1 WHERE id = ?',
            params: [a.id],
          });
          await batch.flush({ commit: true });
        }),
      ),
    ).toBe(2);
    // A transaction with no statement sends nothing.
    expect(await countMysqlWrites(() => tx.run(async () => undefined))).toBe(0);
    expect(await points(a.id)).toBe(4);

    const err = await tx
      .run(async (em) => {
        const batch = new WriteBatch(em);
        batch.add({ sql: 'UPDATE member SET points_balance = 5 WHERE id = ?', params: [a.id] });
        batch.add({
          sql: 'UPDATE member SET points_balance = points_balance + 1 WHERE id = ?',
          params: [a.id],
        });
        await batch.flush({ commit: true });
        await em.query('UPDATE member SET points_balance = 0 WHERE id = ?', [a.id]);
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ driverError: { code: 'ER_AFTER_BATCH_COMMIT' } });
    expect(await points(a.id)).toBe(6);
    // A prepared statement sent straight to the connection is inside the transaction too.
    await expect(
      tx.run(async (em) => {
        const conn = (em.queryRunner as unknown as { databaseConnection: MysqlConn }).databaseConnection;
        await new Promise<void>((resolve, reject) =>
          conn.execute('UPDATE member SET points_balance = 9 WHERE id = ?', [a.id], (e) =>
            e ? reject(e) : resolve(),
          ),
        );
        throw new Error('undo the prepared one');
      }),
    ).rejects.toThrow('undo the prepared one');
    expect(await points(a.id)).toBe(6);
    // The connection goes back to the pool clean: the next transaction on it is a normal one.
    await expect(
      tx.run(async (em) => {
        await em.query('UPDATE member SET points_balance = 7 WHERE id = ?', [a.id]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await points(a.id)).toBe(6);
  },
);
