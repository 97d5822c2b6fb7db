/**
 * bulkLoad (LOAD DATA LOCAL INFILE on MySQL, the multi-row INSERT elsewhere): what it writes reads
 * back exactly as what the INSERT path writes, a duplicate import key is skipped and counted, and on
 * MySQL — where LOAD DATA LOCAL turns errors into warnings — a value the server would have had to
 * change rolls the whole chunk back instead of landing changed; a server that refuses LOCAL INFILE
 * gets INSERTs with the same result.
 */
import { Logger } from '@nestjs/common';
import { BulkLoadAdjusted, bulkInsert, bulkLoad } from '../src/database/bulk-insert';
import { TransactionRunner } from '../src/database/transaction-runner';
import { newId, newOrderedId } from '../src/common/ids';
import { Visit } from '../src/visits/entities/visit.entity';
import { aVisitRow } from './fixtures';
import { startApp, TestApp, TEST_DB } from './harness';

let t: TestApp;
let tx: TransactionRunner;
beforeAll(async () => {
  t = await startApp();
  tx = t.app.get(TransactionRunner);
});
afterAll(() => t?.close());

const MEMBER = newId();
const STORE = newId();
const aVisit = (over: Partial<Visit> = {}): Visit =>
  aVisitRow({
    id: newOrderedId(),
    memberId: MEMBER,
    storeId: STORE,
    amountFen: 12_800,
    paidFen: 12_800,
    occurredAt: new Date('2025-06-01T04:00:00.123Z'),
    partySize: 2,
    channel: 'IMPORT',
    orderRef: 'ORD-1',
    importKey: newId(),
    createdAt: new Date('2026-12-01T08:30:00.007Z'),
    ...over,
  });

// Every character LOAD DATA's text format gives a meaning to, and text that looks like its NULL.
const AWKWARD: Partial<Visit>[] = [
  { orderRef: 'tab\there', partySize: null },
  { orderRef: 'back\\slash \\N \\t', payMethod: 'CASH' },
  { orderRef: 'line\nbreak\r\nand\rCR', voidReason: '顾客投诉 🍜 退单' },
  { orderRef: '\\N' },
  { orderRef: 'N', couponCodes: ['C-1', 'C\t2'], couponCount: 2 },
  { orderRef: '', memberId: null, voidedAt: new Date('2025-06-01T04:05:59.999Z'), status: 'VOID' },
];

const load = (rows: Visit[]) =>
  tx.run((em) => bulkLoad(em, Visit, rows, { skipDuplicatesOf: ['importKey'] }));
const insert = (rows: Visit[]) =>
  tx.run((em) => bulkInsert(em, Visit, rows, { skipDuplicatesOf: ['importKey'] }));
const read = async (rows: Visit[]) => {
  const byId = new Map((await t.ds.getRepository(Visit).findBy({})).map((v) => [v.id, v]));
  return rows.map((r) => {
    const { id: _id, importKey: _key, ...rest } = byId.get(r.id)!;
    return rest;
  });
};

it('writes awkward text, NULLs, JSON and milliseconds exactly as the INSERT path does', async () => {
  const loaded = AWKWARD.map((o) => aVisit(o));
  const inserted = AWKWARD.map((o) => aVisit(o));
  expect(await load(loaded)).toBe(AWKWARD.length);
  expect(await insert(inserted)).toBe(AWKWARD.length);
  const [a, b] = [await read(loaded), await read(inserted)];
  expect(a).toEqual(b);
  // …and as they were given (not merely the same on both paths).
  expect(a.map((v) => v.orderRef)).toEqual(AWKWARD.map((o) => o.orderRef));
  expect(a[0].partySize).toBeNull();
  expect(a[2].voidReason).toBe('顾客投诉 🍜 退单');
  expect(a[4].couponCodes).toEqual(['C-1', 'C\t2']);
  expect(a[5].memberId).toBeNull();
  expect(a[5].voidedAt!.toISOString()).toBe('2025-06-01T04:05:59.999Z');
  expect(a[0].occurredAt.toISOString()).toBe('2025-06-01T04:00:00.123Z');
  expect(a[0].createdAt.toISOString()).toBe('2026-12-01T08:30:00.007Z');
});

it('skips rows whose import key is already there (an earlier run, or earlier in the same chunk) and counts only the new', async () => {
  const old = aVisit();
  expect(await load([old, aVisit()])).toBe(2);
  const fresh = [aVisit(), aVisit()];
  const again = aVisit({ importKey: fresh[0].importKey });
  expect(await load([aVisit({ importKey: old.importKey }), ...fresh, again])).toBe(2);
  const keys = [old, ...fresh].map((v) => v.importKey!);
  const rows = await t.ds.getRepository(Visit).findBy(keys.map((importKey) => ({ importKey })));
  expect(rows.map((r) => r.id).sort()).toEqual([old.id, fresh[0].id, fresh[1].id].sort());
});

(TEST_DB === 'mysql' ? describe : describe.skip)('MySQL: LOAD DATA LOCAL turns errors into warnings', () => {
  it('a value the column would have to cut rolls the whole chunk back (nothing lands changed)', async () => {
    const rows = [aVisit(), aVisit({ payMethod: 'TOO-LONG-FOR-TEN' as Visit['payMethod'] }), aVisit()];
    const before = await t.ds.getRepository(Visit).count();
    await expect(load(rows)).rejects.toBeInstanceOf(BulkLoadAdjusted);
    expect(await t.ds.getRepository(Visit).count()).toBe(before);
    // The INSERT path (what the importer falls back to, row by row) refuses that row outright.
    await expect(insert([rows[1]])).rejects.toThrow(/too long|Data too long/i);
    expect(await insert([rows[0]])).toBe(1);
  });

  // Last: it leaves this data source on INSERTs for the rest of the file.
  it('a server that refuses LOCAL INFILE (MySQL 8 by default) gets INSERTs, with the same result', async () => {
    const [{ v }] = await t.ds.query('SELECT @@GLOBAL.local_infile AS v');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await t.ds.query('SET GLOBAL local_infile = 0');
    try {
      const old = aVisit();
      await insert([old]);
      const rows = [aVisit({ importKey: old.importKey }), aVisit({ orderRef: 'x\ty' }), aVisit()];
      expect(await load(rows)).toBe(2);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('local_infile=OFF'));
      const back = await t.ds.getRepository(Visit).findOneByOrFail({ id: rows[1].id });
      expect(back.orderRef).toBe('x\ty');
      // Asked once: the next chunk goes straight to INSERT.
      warn.mockClear();
      expect(await load([aVisit(), aVisit()])).toBe(2);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await t.ds.query(`SET GLOBAL local_infile = ${Number(v) ? 1 : 0}`);
      warn.mockRestore();
    }
  });
});
