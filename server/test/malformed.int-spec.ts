/** Bad input on every endpoint: a 4xx with { code, message } in Chinese — never a 500, nothing written. */
import { Visit } from '../src/visits/entities/visit.entity';
import { buildChain, Chain, memberToken, aMember, pos } from './fixtures';
import { http, startApp, TestApp } from './harness';

const HUGE = 'x'.repeat(1024 * 1024);

const BAD_VALUES: Record<string, unknown>[] = [
  { amountFen: 'abc' },
  { amountFen: -1 },
  { amountFen: 1.5 },
  { amountFen: 1e15 },
  { amountFen: 100, unknownField: true },
  { amountFen: 100, couponCodes: 'not-an-array' },
  { amountFen: 100, couponCodes: [123] },
  { amountFen: 100, memberCode: HUGE },
  { amountFen: null },
  { amountFen: undefined },
];

describe('malformed requests', () => {
  let t: TestApp;
  let chain: Chain;
  let member: string;
  beforeAll(async () => {
    t = await startApp();
    chain = await buildChain(t);
    member = memberToken(t, (await aMember(t)).id);
  });
  afterAll(() => t.close());

  const expectClientError = (res: { status: number; body: any }, label: string) => {
    expect({ label, status: res.status >= 400 && res.status < 500 }).toEqual({ label, status: true });
    expect(typeof res.body.code).toBe('string');
    expect(res.body.code).toMatch(/^[A-Z_]+$/);
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  const staffEndpoints = (): [string, string, string, Record<string, unknown>][] => [
    ['POST', '/api/checkout/preview', chain.tokens.cashierA, { storeId: chain.storeA }],
    [
      'POST',
      '/api/checkout/commit',
      chain.tokens.cashierA,
      { storeId: chain.storeA, requestId: 'req-12345678', couponCodes: [], orderRef: 'X' },
    ],
    [
      'POST',
      '/api/checkout/00000000-0000-4000-8000-000000000000/void',
      chain.tokens.cashierA,
      { requestId: 'req-12345678', reason: 'x' },
    ],
    ['POST', '/api/coupon-templates', chain.tokens.admin, { name: 'x', type: 'CASH', validDays: 1 }],
    ['POST', '/api/coupons/issue', chain.tokens.admin, { templateId: 'x', memberId: 'y' }],
    ['POST', '/api/stores', chain.tokens.admin, { code: 'ZZ', name: 'x' }],
    [
      'POST',
      '/api/staff',
      chain.tokens.admin,
      { username: 'newbie', name: 'x', password: 'long-enough-1', role: 'CASHIER', storeIds: [] },
    ],
    ['POST', '/api/member/coupons/claim', member, { templateId: 'x' }],
    ['POST', '/api/auth/login', '', { username: 'a', password: 'b' }],
    ['POST', '/api/member/auth/login', '', { code: 'sim-x' }],
    ['POST', '/api/member/join', member, { consentMarketing: false }],
    ['POST', '/api/member/points/exchange', member, { templateId: 'x', requestId: 'req-12345678' }],
    [
      'POST',
      '/api/member/pay',
      member,
      { requestId: 'req-12345678', storeCode: 'A001', amountFen: 100, couponCodes: [], method: 'WECHAT' },
    ],
    ['PATCH', '/api/member/me', member, { consentSms: true }],
    ['POST', '/api/member/deletion', member, { confirm: false }],
    ['POST', `/api/admin/stores/${chain.storeA}/tables`, chain.tokens.admin, { tableNos: ['1'] }],
    ['PUT', '/api/admin/settings', chain.tokens.admin, { pointsPerYuan: 1 }],
    ['POST', '/api/admin/imports', chain.tokens.admin, { kind: 'members' }],
  ];

  it('rejects wrong types, negative/huge amounts, unknown fields and 1 MB strings on every endpoint', async () => {
    for (const [method, path, token, base] of staffEndpoints()) {
      for (const bad of BAD_VALUES) {
        const res = await http(t.baseUrl, method, path, {
          token: token || undefined,
          body: { ...base, ...bad },
        });
        if (res.status < 400) continue; // some bad values are irrelevant to an endpoint that ignores amountFen… but unknown fields never are
        expectClientError(res, `${path} ${JSON.stringify(bad).slice(0, 60)}`);
      }
      const unknown = await http(t.baseUrl, method, path, {
        token: token || undefined,
        body: { ...base, unknownField: 1 },
      });
      expectClientError(unknown, `${path} unknown field`);
      const huge = await http(t.baseUrl, method, path, {
        token: token || undefined,
        body: { ...base, name: HUGE },
      });
      expectClientError(huge, `${path} 1MB string`);
      const notJson = await http(t.baseUrl, method, path, {
        token: token || undefined,
        rawBody: '{"amountFen": 1,',
      });
      expectClientError(notJson, `${path} broken JSON`);
      expect(notJson.body.code).toBe('MALFORMED_JSON');
      const arr = await http(t.baseUrl, method, path, { token: token || undefined, rawBody: '[1,2,3]' });
      expectClientError(arr, `${path} array body`);
    }
  });

  it('rejects every bad amount on the signed POS endpoints too, and writes nothing', async () => {
    const before = await t.ds.getRepository(Visit).count();
    for (const bad of BAD_VALUES) {
      for (const path of ['/checkout/preview', '/checkout/commit']) {
        const res = await pos(t, chain.posA, path, {
          requestId: 'req-abcdefgh',
          couponCodes: [],
          orderRef: 'R',
          amountFen: 100,
          ...bad,
        });
        expectClientError(res, `${path} ${JSON.stringify(bad).slice(0, 60)}`);
      }
    }
    expect(await t.ds.getRepository(Visit).count()).toBe(before);
  });

  it('answers unknown routes and bad ids with 404 NOT_FOUND', async () => {
    const res = await http(t.baseUrl, 'GET', '/api/nope');
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await http(t.baseUrl, 'GET', '/api/members/not-an-id', { token: chain.tokens.admin });
    expect([bad.status, bad.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('requires auth with a stable code', async () => {
    const res = await http(t.baseUrl, 'GET', '/api/members');
    expect([res.status, res.body.code]).toEqual([401, 'AUTH_REQUIRED']);
    const forged = await http(t.baseUrl, 'GET', '/api/members', { token: 'a.b.c' });
    expect([forged.status, forged.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);
  });

  it('masks phones in member lists', async () => {
    await aMember(t, { phone: '13812345678' });
    const res = await http(t.baseUrl, 'GET', '/api/members?phone=13812345678', { token: chain.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.body.items[0].phone).toBe('138****5678');
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
  });
});
