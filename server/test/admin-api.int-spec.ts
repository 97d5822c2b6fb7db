/**
 * The admin console's API over real HTTP: member search with every filter, store scoping and
 * roles, audited staff actions and exports, the dashboard, audit log, tables, tiers and settings,
 * chunked CSV imports with progress, and today's redemptions for the cashier screen.
 */
import { AuditLog } from '../src/audit/entities/audit-log.entity';
import { Member } from '../src/members/entities/member.entity';
import { Visit } from '../src/visits/entities/visit.entity';
import { businessDay } from '@tableside/shared';
import { StoresService } from '../src/stores/stores.service';
import {
  aCoupon,
  aMember,
  aTemplate,
  aVisitRow,
  buildChain,
  cashTemplate,
  Chain,
  expectLedgersBalance,
  memberToken,
  requestId,
} from './fixtures';
import { createApp } from '../src/bootstrap';
import { ImportJob } from '../src/admin-api/import-job.entity';
import { http, startApp, TestApp } from './harness';

let t: TestApp;
let chain: Chain;
const get = <T = any>(path: string, token: string) => http<T>(t.baseUrl, 'GET', `/api${path}`, { token });
const post = <T = any>(path: string, token: string, body: unknown) =>
  http<T>(t.baseUrl, 'POST', `/api${path}`, { token, body });
const put = <T = any>(path: string, token: string, body: unknown) =>
  http<T>(t.baseUrl, 'PUT', `/api${path}`, { token, body });

async function visit(memberId: string, storeId: string, paidFen: number, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  await t.ds.getRepository(Visit).insert(
    aVisitRow({
      memberId,
      storeId,
      amountFen: paidFen,
      paidFen,
      occurredAt: at,
      partySize: 2,
      createdAt: at,
    }),
  );
}

let big: Member;
let small: Member;
let other: Member;

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
  big = await aMember(t, { phone: '13811110001', points: 500 });
  small = await aMember(t, { phone: '13811110002' });
  other = await aMember(t, { phone: '13911110003' });
  const repo = t.ds.getRepository(Member);
  await repo.update(
    { id: big.id },
    { name: '王大客', joinStoreId: chain.storeA, birthday: '1990-05-20', tags: ['常客', '辣'] },
  );
  await repo.update(
    { id: small.id },
    { name: '李小客', joinStoreId: chain.storeA, birthday: '1992-11-02', tierId: chain.tiers.GOLD },
  );
  await repo.update(
    { id: other.id },
    {
      name: '张别店',
      joinStoreId: chain.storeB,
      joinChannel: 'IMPORT',
      createdAt: new Date(Date.now() - 400 * 86_400_000),
    },
  );
  for (let i = 0; i < 5; i++) await visit(big.id, chain.storeA, 20_000, 3 + i);
  await visit(small.id, chain.storeA, 5_000, 200);
  await visit(other.id, chain.storeB, 8_000, 1);
});
afterAll(() => t?.close());

describe('member search', () => {
  const ids = (r: any) => r.body.items.map((m: any) => m.id).sort();

  it('filters by phone, name, tier, store, channel, tag, birthday month, visits, spend and last visit', async () => {
    const tok = chain.tokens.admin;
    const cases: [string, Member[]][] = [
      ['phone=0001', [big]],
      ['phone=13811110002', [small]],
      [`name=${encodeURIComponent('客')}`, [big, small]],
      ['tiers=GOLD', [small]],
      [`storeId=${chain.storeB}`, [other]],
      ['joinChannel=IMPORT', [other]],
      [`tag=${encodeURIComponent('常客')}`, [big]],
      ['birthdayMonth=11', [small]],
      ['visitsMin=2', [big]],
      ['visitsMax=1&spendMinFen=1', [small, other]],
      ['spendMinFen=90000&spendMaxFen=100000', [big]],
      [`lastVisitFrom=${businessDay(new Date(Date.now() - 30 * 86_400_000), 'Asia/Shanghai')}`, [big, other]],
      // 100 days without a visit (lapsed), and joined in the last 30 days (new).
      [`lastVisitTo=${businessDay(new Date(Date.now() - 100 * 86_400_000), 'Asia/Shanghai')}`, [small]],
      [`joinedFrom=${businessDay(new Date(Date.now() - 29 * 86_400_000), 'Asia/Shanghai')}`, [big, small]],
      [`joinedTo=${businessDay(new Date(Date.now() - 300 * 86_400_000), 'Asia/Shanghai')}`, [other]],
    ];
    for (const [q, expected] of cases) {
      const r = await get(`/admin/members?${q}`, tok);
      expect([q, r.status]).toEqual([q, 200]);
      expect([q, ids(r)]).toEqual([q, expected.map((m) => m.id).sort()]);
      expect(r.body.total).toBe(expected.length);
    }
  });

  it('sorts and pages on the server, with aggregates and masked phones', async () => {
    const r = await get('/admin/members?sort=spend&order=desc&pageSize=2&page=1', chain.tokens.admin);
    expect(r.body.total).toBe(3);
    expect(r.body.items.map((m: any) => m.id)).toEqual([big.id, other.id]);
    expect(r.body.items[0]).toMatchObject({
      visits: 5,
      spendFen: 100_000,
      phone: '138****0001',
      joinStoreName: '人民广场店',
    });
    const p2 = await get('/admin/members?sort=spend&order=desc&pageSize=2&page=2', chain.tokens.admin);
    expect(p2.body.items.map((m: any) => m.id)).toEqual([small.id]);
  });

  it('scopes a store manager to their store and keeps cashiers out', async () => {
    const r = await get('/admin/members', chain.tokens.managerA);
    expect(ids(r)).toEqual([big.id, small.id].sort());
    expect((await get(`/admin/members?storeId=${chain.storeB}`, chain.tokens.managerA)).status).toBe(403);
    expect((await get(`/admin/members/${other.id}`, chain.tokens.managerA)).status).toBe(403);
    const cashier = await get('/admin/members', chain.tokens.cashierA);
    expect(cashier.status).toBe(403);
    expect(cashier.body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('exports the filtered members as CSV with masked phones, and audits the export', async () => {
    const res = await fetch(`${t.baseUrl}/api/admin/members/export?tiers=GOLD`, {
      headers: { authorization: `Bearer ${chain.tokens.marketer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('138****0002');
    expect(text).not.toContain('13811110002');
    const audit = await t.ds.getRepository(AuditLog).findOneByOrFail({ action: 'member.export' });
    expect(audit.detail).toMatchObject({ rows: 1, filter: { tiers: 'GOLD' } });
  });

  it('rejects malformed filters with a 400 and a Chinese message', async () => {
    for (const q of [
      'phone=abc',
      'birthdayMonth=13',
      'visitsMin=-1',
      'sort=secret',
      'pageSize=10000',
      'lastVisitFrom=yesterday',
      'tiers=gold;drop',
    ]) {
      const r = await get(`/admin/members?${q}`, chain.tokens.admin);
      expect([q, r.status, r.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });
});

describe('member detail and staff actions', () => {
  it('shows ledgers, coupons and visits, and audits points adjustments and tags', async () => {
    const tpl = await aTemplate(t);
    await aCoupon(t, tpl.id, big.id);
    const d = await get(`/admin/members/${big.id}`, chain.tokens.managerA);
    expect(d.status).toBe(200);
    expect(d.body.visits).toHaveLength(5);
    expect(d.body.coupons[0]).toMatchObject({ name: '满100减20', status: 'AVAILABLE' });
    expect(d.body.profile.phone).toBe('138****0001');

    const adj = await post(`/admin/members/${big.id}/points`, chain.tokens.managerA, {
      points: -200,
      reason: '顾客投诉补偿调整',
      requestId: 'adjust-0001',
    });
    expect(adj.status).toBe(200);
    expect(adj.body.profile.pointsBalance).toBe(300);
    const tooMuch = await post(`/admin/members/${big.id}/points`, chain.tokens.managerA, {
      points: -5000,
      reason: '超额扣减',
      requestId: 'adjust-0002',
    });
    expect(tooMuch).toMatchObject({ status: 409, body: { code: 'POINTS_INSUFFICIENT' } });
    expect(
      (
        await post(`/admin/members/${big.id}/points`, chain.tokens.marketer, {
          points: 10,
          reason: '营销',
          requestId: 'adjust-0003',
        })
      ).status,
    ).toBe(403);

    const tagged = await post(`/admin/members/${big.id}/tags`, chain.tokens.marketer, { tag: '生日宴' });
    expect(tagged.body.profile.tags).toEqual(['常客', '辣', '生日宴']);
    const audits = await t.ds.getRepository(AuditLog).find({ where: { targetId: big.id } });
    expect(audits.map((a) => a.action).sort()).toEqual(['member.points.adjust', 'member.tag.add']);
    await expectLedgersBalance(t.ds);
  });
});

describe('dashboard', () => {
  it('counts members, visits, revenue and coupons in the range, with the tier distribution', async () => {
    // Business days in Asia/Shanghai (the chain's time zone), not UTC dates.
    const to = businessDay(new Date(), 'Asia/Shanghai');
    const from = businessDay(new Date(Date.now() - 29 * 86_400_000), 'Asia/Shanghai');
    const r = await get(`/admin/dashboard?from=${from}&to=${to}`, chain.tokens.admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      visits: 6,
      revenueFen: 108_000,
    });
    expect(r.body.trend).toHaveLength(30);
    expect(r.body.trend.reduce((s: number, p: any) => s + p.visits, 0)).toBe(6);
    expect(r.body.tiers.find((x: any) => x.name === '金卡').count).toBe(1);
    expect(r.body.tiers.reduce((s: number, x: any) => s + x.count, 0)).toBe(r.body.membersTotal);
    const scoped = await get(`/admin/dashboard?from=${from}&to=${to}`, chain.tokens.managerA);
    expect(scoped.body.visits).toBe(5);
    expect((await get(`/admin/dashboard?from=${to}&to=${from}`, chain.tokens.admin)).status).toBe(400);
    expect((await get('/admin/dashboard?from=2020-01-01&to=2026-01-01', chain.tokens.admin)).body.code).toBe(
      'RANGE_TOO_LONG',
    );
  });
});

describe('setup pages', () => {
  it('adds tables once each, scoped to the store', async () => {
    const r = await post(`/admin/stores/${chain.storeA}/tables`, chain.tokens.managerA, {
      tableNos: ['1', '2', '10', '2'],
    });
    expect(r.body.map((x: any) => x.tableNo)).toEqual(['1', '2', '10']);
    const again = await post(`/admin/stores/${chain.storeA}/tables`, chain.tokens.managerA, {
      tableNos: ['2', 'A1'],
    });
    expect(again.body.map((x: any) => x.tableNo)).toEqual(['1', '2', '10', 'A1']);
    expect(
      (await post(`/admin/stores/${chain.storeB}/tables`, chain.tokens.managerA, { tableNos: ['1'] })).status,
    ).toBe(403);
    expect(
      (await post(`/admin/stores/${chain.storeA}/tables`, chain.tokens.admin, { tableNos: ['<b>'] })).status,
    ).toBe(400);
  });

  it('a template is a draft until published; paused stops issuing; archived leaves the list', async () => {
    const created = await http(t.baseUrl, 'POST', '/api/coupon-templates', {
      token: chain.tokens.marketer,
      body: { ...cashTemplate({ name: '草稿券', channels: ['CLAIM_CENTER'] }), status: 'DRAFT' },
    });
    expect(created.body).toMatchObject({ status: 'DRAFT', active: false });
    const id = created.body.id as string;
    const m = await aMember(t);
    const claim = () =>
      http(t.baseUrl, 'POST', '/api/member/coupons/claim', {
        token: memberTokenOf,
        body: { templateId: id },
      });
    const memberTokenOf = await memberToken(t, m.id);
    expect((await claim()).body.code).toBe('COUPON_TEMPLATE_INACTIVE');
    const action = (a: string) =>
      http(t.baseUrl, 'POST', `/api/coupon-templates/${id}/${a}`, { token: chain.tokens.marketer });
    expect((await action('publish')).body.status).toBe('PUBLISHED');
    expect((await claim()).status).toBe(200);
    expect((await action('pause')).body.status).toBe('PAUSED');
    expect((await claim()).body.code).toBe('COUPON_TEMPLATE_INACTIVE');
    expect((await action('archive')).body.status).toBe('ARCHIVED');
    expect((await action('publish')).body.code).toBe('COUPON_TEMPLATE_STATUS');
    const list = await http(t.baseUrl, 'GET', '/api/coupon-templates', { token: chain.tokens.marketer });
    expect(list.body.some((x: { id: string }) => x.id === id)).toBe(false);
    const all = await http(t.baseUrl, 'GET', '/api/coupon-templates?includeArchived=true', {
      token: chain.tokens.marketer,
    });
    expect(all.body.some((x: { id: string }) => x.id === id)).toBe(true);
    // The API/CLI default stays published (the templates:create contract issues at once).
    const direct = await http(t.baseUrl, 'POST', '/api/coupon-templates', {
      token: chain.tokens.marketer,
      body: cashTemplate({ name: '直接发布' }),
    });
    expect(direct.body.status).toBe('PUBLISHED');
  });

  it('edits and closes a store: a closed store takes no bills and no table-QR diners until reopened', async () => {
    const store = await t.app.get(StoresService).create({ code: 'C001', name: '临时店' });
    const edit = await http(t.baseUrl, 'PATCH', `/api/stores/${store.id}`, {
      token: chain.tokens.admin,
      body: { name: '静安店', address: '南京西路 8 号', voidWindowMinutes: 15 },
    });
    expect(edit).toMatchObject({
      status: 200,
      body: { name: '静安店', address: '南京西路 8 号', voidWindowMinutes: 15 },
    });
    const closed = await http(t.baseUrl, 'PATCH', `/api/stores/${store.id}`, {
      token: chain.tokens.admin,
      body: { active: false },
    });
    expect(closed.body.active).toBe(false);
    const bill = await http(t.baseUrl, 'POST', '/api/checkout/commit', {
      token: chain.tokens.admin,
      body: { storeId: store.id, requestId: requestId(), couponCodes: [], amountFen: 100, orderRef: 'X' },
    });
    expect(bill.body.code).toBe('STORE_INACTIVE');
    expect((await http(t.baseUrl, 'GET', '/api/member/entry?store=C001')).status).toBe(404);
    await http(t.baseUrl, 'PATCH', `/api/stores/${store.id}`, {
      token: chain.tokens.admin,
      body: { active: true },
    });
    expect((await http(t.baseUrl, 'GET', '/api/member/entry?store=C001')).status).toBe(200);
    expect(
      (await t.ds.getRepository(AuditLog).findBy({ targetId: store.id })).map((a) => a.action).sort(),
    ).toEqual(['store.close', 'store.reopen', 'store.update']);
  });

  it('edits tiers (thresholds must rise) and settings, audited', async () => {
    const tiers = (await get('/admin/tiers', chain.tokens.admin)).body;
    const silver = tiers.find((x: any) => x.code === 'SILVER');
    const gift = await aTemplate(t, cashTemplate({ name: '生日长寿面', channels: ['CAMPAIGN'] }));
    const ok = await put(`/admin/tiers/${silver.id}`, chain.tokens.admin, {
      name: '银卡会员',
      memberPricePercentOff: 5,
      birthdayTemplateId: gift.id,
    });
    // Benefits are described from the data the rules apply.
    expect(ok.body.find((x: any) => x.code === 'SILVER')).toMatchObject({
      name: '银卡会员',
      memberPricePercentOff: 5,
      birthdayTemplateId: gift.id,
      benefits: ['会员价 95折', '消费积分 1.2 倍', '生日礼：生日长寿面'],
    });
    const freeText = await put(`/admin/tiers/${silver.id}`, chain.tokens.admin, { benefits: ['随便写'] });
    expect(freeText).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const tooMuch = await put(`/admin/tiers/${silver.id}`, chain.tokens.admin, { memberPricePercentOff: 60 });
    expect(tooMuch).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const bad = await put(`/admin/tiers/${silver.id}`, chain.tokens.admin, { thresholdFen: 9_000_000 });
    expect(bad).toMatchObject({ status: 400, body: { code: 'TIER_THRESHOLDS_OUT_OF_ORDER' } });
    expect((await put(`/admin/tiers/${silver.id}`, chain.tokens.marketer, { name: 'x' })).status).toBe(403);
    const s = await put('/admin/settings', chain.tokens.admin, {
      pointsPerYuan: 2,
      memberCodeStepSeconds: 60,
    });
    expect(s.body).toMatchObject({ pointsPerYuan: 2, memberCodeStepSeconds: 60 });
    expect(await t.ds.getRepository(AuditLog).countBy({ action: 'settings.update' })).toBe(1);
    await put('/admin/settings', chain.tokens.admin, { pointsPerYuan: 1, memberCodeStepSeconds: 30 });
  });

  it('lists the audit log newest first', async () => {
    const r = await get('/admin/audit?pageSize=5', chain.tokens.admin);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items[0].createdAt >= r.body.items[r.body.items.length - 1].createdAt).toBe(true);
    // Every row reads as Chinese a manager understands, naming the object.
    const adjust = await get('/admin/audit?action=member.points.adjust', chain.tokens.admin);
    const row = adjust.body.items[0];
    expect(row.actionLabel).toBe('调整积分');
    expect(row.targetLabel).toMatch(/^会员 .+（138\*{4}0001）$/);
    expect(row.summary).toBe('积分：-200；原因：顾客投诉补偿调整');
    for (const item of (await get('/admin/audit?pageSize=100', chain.tokens.admin)).body.items) {
      expect(item.actionLabel).not.toBe('其他操作');
      expect(`${item.actionLabel}${item.targetLabel}${item.summary}`).not.toMatch(/[a-z]+\.[a-z]+|\{|\}/);
    }
  });
});

describe('imports from the admin', () => {
  it('takes a CSV in pieces, reports progress, imports good rows and lists the bad ones', async () => {
    const tok = chain.tokens.marketer;
    const lines = ['phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id'];
    for (let i = 0; i < 120; i++) lines.push(`1370000${String(i).padStart(4, '0')},导入${i},M,,,,,,`);
    lines.push('bad-phone,坏,M,,,,,,');
    const csv = `${lines.join('\n')}\n`;
    const job = await post('/admin/imports', tok, { kind: 'members', fileName: 'members.csv' });
    expect(job.body.status).toBe('UPLOADING');
    const half = Math.floor(csv.length / 2);
    await post(`/admin/imports/${job.body.id}/chunks`, tok, { text: csv.slice(0, half), last: false });
    await post(`/admin/imports/${job.body.id}/chunks`, tok, { text: csv.slice(half), last: true });
    let state: any;
    for (let i = 0; i < 100; i++) {
      state = (await get(`/admin/imports/${job.body.id}`, tok)).body;
      if (state.status === 'DONE') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({
      status: 'DONE',
      total: 121,
      processed: 121,
      imported: 120,
      errors: [{ line: 122 }],
    });
    const report = await fetch(`${t.baseUrl}/api/admin/imports/${job.body.id}/errors.csv`, {
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(await report.text()).toContain('122,手机号格式不正确');
    expect((await get(`/admin/imports/${job.body.id}`, chain.tokens.admin)).status).toBe(404); // not theirs
    expect(
      (await post(`/admin/imports/${job.body.id}/chunks`, tok, { text: 'x', last: true })).body.code,
    ).toBe('IMPORT_NOT_UPLOADING');
  });

  it('keeps nothing in one instance: pieces, progress and the report go through any instance', async () => {
    const second = await createApp({ ...t.db.config, adminDist: null, miniappDist: null });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const other = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
    try {
      const tok = chain.tokens.marketer;
      const at = (base: string, method: string, path: string, body?: unknown) =>
        http(base, method, `/api${path}`, { token: tok, body });
      const lines = ['phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id'];
      for (let i = 0; i < 60; i++) lines.push(`1360000${String(i).padStart(4, '0')},两实例${i},F,,,,,,`);
      lines.push('12,坏号码,F,,,,,,');
      const csv = `${lines.join('\n')}\n`;
      const third = Math.floor(csv.length / 3);
      // Started on one instance, pieces to both, the last to the first; polled on the other.
      const job = await at(t.baseUrl, 'POST', '/admin/imports', { kind: 'members', fileName: 'two.csv' });
      await at(other, 'POST', `/admin/imports/${job.body.id}/chunks`, {
        text: csv.slice(0, third),
        last: false,
      });
      await at(t.baseUrl, 'POST', `/admin/imports/${job.body.id}/chunks`, {
        text: csv.slice(third, 2 * third),
        last: false,
      });
      await at(other, 'POST', `/admin/imports/${job.body.id}/chunks`, {
        text: csv.slice(2 * third),
        last: true,
      });
      let state: any;
      for (let i = 0; i < 100; i++) {
        state = (await at(other, 'GET', `/admin/imports/${job.body.id}`)).body;
        if (state.status === 'DONE') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toMatchObject({ status: 'DONE', total: 61, imported: 60, errors: [{ line: 62 }] });
      const report = await fetch(`${t.baseUrl}/api/admin/imports/${job.body.id}/errors.csv`, {
        headers: { authorization: `Bearer ${tok}` },
      });
      expect(await report.text()).toContain('62,手机号格式不正确');
      // The uploaded text is not kept once imported.
      const [{ n }] = await t.ds.query('SELECT COUNT(*) AS n FROM import_job_part WHERE job_id = ?', [
        job.body.id,
      ]);
      expect(Number(n)).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('an import whose instance stopped is shown as interrupted, with how far it got', async () => {
    const tok = chain.tokens.marketer;
    const job = await post('/admin/imports', tok, { kind: 'members', fileName: 'stopped.csv' });
    // As if the instance running it died 20 minutes ago after 40 of 100 rows.
    await t.ds
      .getRepository(ImportJob)
      .update(
        { id: job.body.id },
        { status: 'RUNNING', total: 100, processed: 40, updatedAt: new Date(Date.now() - 20 * 60_000) },
      );
    const state = (await get(`/admin/imports/${job.body.id}`, tok)).body;
    expect(state.status).toBe('FAILED');
    expect(state.failure).toContain('已处理 40 / 100 行');
    expect(state.failure).toContain('重新上传同一文件即可继续');
  });
});

describe("today's redemptions", () => {
  it('lists the store’s checkouts today with whether they can still be voided', async () => {
    const m = await aMember(t);
    const tpl = await aTemplate(t);
    const code = await aCoupon(t, tpl.id, m.id);
    const commit = await post('/checkout/commit', chain.tokens.cashierA, {
      storeId: chain.storeA,
      requestId: requestId(),
      couponCodes: [code],
      amountFen: 15_000,
      orderRef: 'T-1',
    });
    expect(commit.status).toBe(200);
    const r = await get(`/admin/redemptions/today?storeId=${chain.storeA}`, chain.tokens.cashierA);
    expect(r.body[0]).toMatchObject({
      id: commit.body.redemptionId,
      couponCodes: [code],
      voidable: true,
      status: 'OK',
    });
    expect(
      (await get(`/admin/redemptions/today?storeId=${chain.storeA}`, chain.tokens.cashierB)).status,
    ).toBe(403);
  });
});

describe('marketing settings', () => {
  it('keeps the caps in order and quiet hours non-empty; the campaign rules take the new values', async () => {
    const put = (body: object) =>
      http(t.baseUrl, 'PUT', '/api/admin/settings', { token: chain.tokens.admin, body });
    expect((await put({ capPer7Days: 5, capPer30Days: 3 })).body.code).toBe('MARKETING_CAPS_OUT_OF_ORDER');
    expect((await put({ quietStartHour: 9, quietEndHour: 9 })).body.code).toBe('QUIET_HOURS_EMPTY');
    expect((await put({ quietStartHour: 24 })).status).toBe(400);
    const ok = await put({
      capPer7Days: 3,
      capPer30Days: 6,
      quietStartHour: 22,
      quietEndHour: 8,
      campaignApprovalAbove: 20_000,
    });
    expect(ok.body).toMatchObject({
      capPer7Days: 3,
      capPer30Days: 6,
      quietStartHour: 22,
      quietEndHour: 8,
      campaignApprovalAbove: 20_000,
    });
    expect(
      (
        await put({
          capPer7Days: 2,
          capPer30Days: 4,
          quietStartHour: 21,
          quietEndHour: 9,
          campaignApprovalAbove: 5000,
        })
      ).status,
    ).toBe(200);
  });
});

describe('insight settings', () => {
  it('keeps the lifecycle thresholds in order (dormant before lost) and says so in Chinese', async () => {
    const bad = await http(t.baseUrl, 'PUT', '/api/admin/settings', {
      token: chain.tokens.admin,
      body: { lifecycleDormantDays: 120 },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'LIFECYCLE_THRESHOLDS_OUT_OF_ORDER' } });
    expect(bad.body.message).toContain('沉睡天数（120）必须小于流失天数（90）');
    const good = await http(t.baseUrl, 'PUT', '/api/admin/settings', {
      token: chain.tokens.admin,
      body: { lifecycleDormantDays: 45, lifecycleLostDays: 120, coreMinVisits: 8, coreMinSpendFen: 200_000 },
    });
    expect(good.body).toMatchObject({ lifecycleDormantDays: 45, lifecycleLostDays: 120, coreMinVisits: 8 });
    await http(t.baseUrl, 'PUT', '/api/admin/settings', {
      token: chain.tokens.admin,
      body: { lifecycleDormantDays: 30, lifecycleLostDays: 90, coreMinVisits: 6, coreMinSpendFen: 100_000 },
    });
  });
});
