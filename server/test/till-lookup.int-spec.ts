/**
 * The till's one-statement look-up (member by rotating code with the coupons the bill needs) maps
 * rows by hand for speed: it must give exactly what the ORM gives — same classes, dates as dates,
 * JSON and booleans converted — on both databases.
 */
import { Coupon } from '../src/coupons/entities/coupon.entity';
import { Member } from '../src/members/entities/member.entity';
import { MembersService } from '../src/members/members.service';
import { aCoupon, aMember, aTemplate, buildChain, memberCode } from './fixtures';
import { startApp, TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
  await buildChain(t);
});
afterAll(() => t?.close());

it('gives the same member and coupons as the ORM, scanned codes in any state and the wallet', async () => {
  const m = await aMember(t, { points: 120, principalFen: 5_000 });
  const tpl = await aTemplate(t);
  const [a, b, used] = [
    await aCoupon(t, tpl.id, m.id),
    await aCoupon(t, tpl.id, m.id),
    await aCoupon(t, tpl.id, m.id),
  ];
  await t.ds.getRepository(Coupon).update({ code: used }, { status: 'USED', usedAt: new Date() });
  const members = t.app.get(MembersService);
  const r = await members.resolveCodeWithCoupons(await memberCode(t, m.id), t.ds.manager, [used], {
    wallet: true,
  });
  const orm = await t.ds.getRepository(Member).findOneByOrFail({ id: m.id });
  expect(r.member).toBeInstanceOf(Member);
  expect(r.member).toEqual(orm);
  expect(r.member.createdAt).toBeInstanceOf(Date);
  const byCode = new Map(r.coupons.map((c) => [c.code, c]));
  expect([...byCode.keys()].sort()).toEqual([a, b, used].sort());
  for (const code of [a, b, used]) {
    const c = byCode.get(code)!;
    expect(c).toBeInstanceOf(Coupon);
    expect(c).toEqual(await t.ds.getRepository(Coupon).findOneByOrFail({ code }));
  }
  // Without the wallet: only the scanned codes; without codes: the member alone.
  const scannedOnly = await members.resolveCodeWithCoupons(await memberCode(t, m.id), t.ds.manager, [a]);
  expect(scannedOnly.coupons.map((c) => c.code)).toEqual([a]);
  expect(await members.resolveCode(await memberCode(t, m.id))).toEqual(orm);
});
