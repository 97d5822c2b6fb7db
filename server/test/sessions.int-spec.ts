/**
 * Diner sessions across instances (issue 13): each instance remembers a checked token for a
 * minute, so a sign-out must reach the others at once — over Redis pub/sub — not after the cache
 * expires. Two server instances on one database and Redis.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/bootstrap';
import { MemberSessions } from '../src/auth/member-sessions.service';
import {
  aCoupon,
  aMember,
  aTemplate,
  buildChain,
  cashTemplate,
  memberCode,
  memberToken,
  pos,
} from './fixtures';
import { http, startApp, TestApp } from './harness';
import { TEST_REDIS } from './processes';

let a: TestApp;
let b: NestFastifyApplication;
let baseB: string;
let chain: Awaited<ReturnType<typeof buildChain>>;

beforeAll(async () => {
  a = await startApp({ redisUrl: TEST_REDIS });
  b = await createApp({ ...a.db.config, adminDist: null, miniappDist: null, redisUrl: TEST_REDIS });
  await b.listen({ port: 0, host: '127.0.0.1' });
  baseB = `http://127.0.0.1:${(b.getHttpServer().address() as { port: number }).port}`;
  // B keeps sessions only once its revocation channel is live; wait for it, so B really caches.
  const sessions = b.get(MemberSessions) as unknown as { channel: { live: boolean } };
  for (let i = 0; i < 100 && !sessions.channel.live; i++) await new Promise((r) => setTimeout(r, 20));
  expect(sessions.channel.live).toBe(true);
  chain = await buildChain(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

it('a sign-out on one instance is refused on the other at once, though it had cached the session', async () => {
  const m = await aMember(a, { phone: '13700000001' });
  const token = await memberToken(a, m.id);
  expect((await http(baseB, 'GET', '/api/member/me', { token })).status).toBe(200); // B caches it
  expect((await http(a.baseUrl, 'POST', '/api/member/auth/logout', { token })).status).toBeLessThan(300);
  // Pub/sub delivery takes a moment; well under a second, never the cache's minute.
  const started = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - started < 2000) {
    status = (await http(baseB, 'GET', '/api/member/me', { token })).status;
    if (status === 200) await new Promise((r) => setTimeout(r, 20));
  }
  expect(status).toBe(401);
  expect(Date.now() - started).toBeLessThan(1000);
  // A fresh token (new version) works on both.
  const fresh = await memberToken(a, m.id);
  expect((await http(baseB, 'GET', '/api/member/me', { token: fresh })).status).toBe(200);
});

it('head office changes reach the till on the other instance at once, though it had cached them', async () => {
  const onB = { ...a, baseUrl: baseB };
  const m = await aMember(a, { phone: '13700000002' });
  const tpl = await aTemplate(a);
  const coupon = await aCoupon(a, tpl.id, m.id);
  const preview = async () =>
    pos(onB, chain.posA, '/checkout/preview', {
      memberCode: await memberCode(a, m.id),
      couponCodes: [coupon],
      amountFen: 10_000,
    });
  const until = async (ok: (r: Awaited<ReturnType<typeof preview>>) => boolean) => {
    const started = Date.now();
    let r = await preview();
    while (!ok(r) && Date.now() - started < 2000) {
      await new Promise((res) => setTimeout(res, 20));
      r = await preview();
    }
    expect(ok(r)).toBe(true);
    // Pub/sub delivery: well under a second, never the cache's minute.
    expect(Date.now() - started).toBeLessThan(1000);
    return r;
  };
  // B has the store, the POS key, the template, the tiers and the settings in its cache now.
  expect((await preview()).status).toBe(200);
  const admin = { token: chain.tokens.admin };
  // A coupon rule edited on A: B applies the new threshold.
  const edited = await http(a.baseUrl, 'PUT', `/api/coupon-templates/${tpl.id}`, {
    ...admin,
    body: cashTemplate({ thresholdFen: 20_000 }),
  });
  expect(edited.status).toBe(200);
  const mine = (x: Awaited<ReturnType<typeof preview>>) =>
    x.body.coupons?.find((c: { code: string }) => c.code === coupon);
  expect(mine(await until((x) => mine(x)?.applicable === false)).reason).toBe('BELOW_THRESHOLD');
  // The store closed on A: B's till refuses at once.
  expect(
    (await http(a.baseUrl, 'PATCH', `/api/stores/${chain.storeA}`, { ...admin, body: { active: false } }))
      .status,
  ).toBe(200);
  const closed = await until((x) => x.status !== 200);
  expect(closed.body.code).toBe('STORE_INACTIVE');
});

it("the till's nonces and its look-up budget are counted in Redis across instances", async () => {
  const onB = { ...a, baseUrl: baseB };
  // A nonce used on A is refused on B (the same Redis client carries the nonce and the limits).
  const nonce = `shared-${Date.now()}`;
  expect((await pos(a, chain.posB, '/checkout/preview', { amountFen: 100 }, { nonce })).status).toBe(200);
  expect((await pos(onB, chain.posB, '/checkout/preview', { amountFen: 100 }, { nonce })).body.code).toBe(
    'POS_NONCE_REUSED',
  );
  // 20 unknown member codes, alternating between the instances, use up the key's budget on both.
  const guesses = [];
  for (let i = 0; i < 21; i++)
    guesses.push(
      await pos(i % 2 ? onB : a, chain.posB, '/checkout/preview', {
        amountFen: 100,
        memberCode: `12345678${String(i).padStart(8, '0')}`,
      }),
    );
  expect(guesses.slice(0, 20).map((g) => g.body.code)).toEqual(Array(20).fill('MEMBER_CODE_INVALID'));
  expect(guesses[20]).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
  expect(
    (
      await pos(a, chain.posB, '/checkout/commit', {
        requestId: `req-${Date.now()}`,
        orderRef: 'B-1',
        amountFen: 100,
        memberCode: '1234567800000099',
        couponCodes: [],
      })
    ).status,
  ).toBe(429);
  // Bills without codes are never slowed.
  expect((await pos(onB, chain.posB, '/checkout/preview', { amountFen: 100 })).status).toBe(200);
});
