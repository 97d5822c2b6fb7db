/**
 * The reference cache (settings, tiers, stores, POS keys, template rules; issue 13): every TypeORM
 * write drops what it changed, a transaction reads its own writes, a rollback leaves nothing stale,
 * and the counters that change with every bill do not empty it. Both databases.
 */
import { CouponTemplate } from '../src/coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../src/database/transaction-runner';
import { refCached } from '../src/database/ref-cache';
import { ChainSettings } from '../src/settings/entities/chain-settings.entity';
import { SettingsService } from '../src/settings/settings.service';
import { aTemplate } from './fixtures';
import { startApp, TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t?.close());

it('a transaction reads its own settings change; a rollback leaves the committed value', async () => {
  const settings = t.app.get(SettingsService);
  const before = (await settings.get()).pointsPerYuan;
  await expect(
    t.app.get(TransactionRunner).run(async (em) => {
      await em.update(ChainSettings, { id: 1 }, { pointsPerYuan: before + 7 });
      expect((await settings.get(em)).pointsPerYuan).toBe(before + 7);
      // Read from outside meanwhile (SQLite's one connection even sees the uncommitted row).
      await settings.get();
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect((await settings.get()).pointsPerYuan).toBe(before);
  await t.app
    .get(TransactionRunner)
    .run((em) => em.update(ChainSettings, { id: 1 }, { pointsPerYuan: before + 1 }));
  expect((await settings.get()).pointsPerYuan).toBe(before + 1);
});

it('transactions filling a cold cache never wait for a second pooled connection (pool starvation)', async () => {
  const settings = t.app.get(SettingsService);
  const tx = t.app.get(TransactionRunner);
  // More transactions than the pool has connections (20), each holding one while it reads.
  const cold = async () => {
    await t.ds.getRepository(ChainSettings).update({ id: 1 }, { updatedAt: new Date() });
    return Promise.all(
      Array.from({ length: 60 }, () =>
        tx.run(async (em) => {
          await em.query('SELECT 1');
          return (await settings.get(em)).timeZone;
        }),
      ),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise((r) => (timer = setTimeout(() => r('stuck'), 10_000)));
  const done = await Promise.race([cold(), stuck]);
  clearTimeout(timer);
  expect(done).toHaveLength(60);
});

it('cached rows cannot be changed in place by a caller', async () => {
  const s = await t.app.get(SettingsService).get();
  expect(() => ((s as { pointsPerYuan: number }).pointsPerYuan = 99)).toThrow(TypeError);
});

it('counter updates keep the cached rules; a rule change drops them', async () => {
  const tpl = await aTemplate(t);
  let loads = 0;
  const read = () =>
    refCached(t.ds.manager, 'templates', tpl.id, (m) => {
      loads++;
      return m.findOne(CouponTemplate, { where: { id: tpl.id } });
    });
  await read();
  await read();
  expect(loads).toBe(1);
  await t.ds
    .createQueryBuilder()
    .update(CouponTemplate)
    .set({ issuedCount: () => 'issued_count + 1' })
    .where({ id: tpl.id })
    .execute();
  await read();
  expect(loads).toBe(1);
  await t.ds.getRepository(CouponTemplate).update({ id: tpl.id }, { thresholdFen: 9_900 });
  expect((await read())?.thresholdFen).toBe(9_900);
  expect(loads).toBe(2);
});
