/**
 * Segments: every operator of the shared filter schema compiled to parameterised SQL on this
 * database, injection attempts staying data, the live preview, and a saved segment in the member
 * list and its export.
 */
import type { SegmentFilter } from '@tableside/shared';
import { InsightsService } from '../src/insights/insights.service';
import { Member } from '../src/members/entities/member.entity';
import { SegmentsService } from '../src/segments/segments.service';
import { aMember, aVisitRow, buildChain, Chain } from './fixtures';
import { http, startApp, TestApp } from './harness';

let t: TestApp;
let chain: Chain;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startApp();
  chain = await buildChain(t);
  const repo = t.ds.getRepository(Member);
  const mk = async (key: string, patch: Partial<Member>) => {
    const m = await aMember(t);
    await repo.update({ id: m.id }, patch);
    ids[key] = m.id;
  };
  await mk('gold', {
    tierId: chain.tiers.GOLD,
    joinStoreId: chain.storeA,
    tags: ['常客', '100%辣'],
    birthday: '1990-05-20',
    consentSms: true,
    pointsBalance: 800,
  });
  await mk('silver', {
    tierId: chain.tiers.SILVER,
    joinStoreId: chain.storeB,
    tags: ['学生'],
    birthday: '1999-11-02',
    joinChannel: 'IMPORT',
    pointsBalance: 50,
  });
  await mk('plain', {
    joinStoreId: chain.storeA,
    tags: [],
    birthday: null,
    createdAt: new Date('2020-01-01T00:00:00Z'),
  });
  // Visits so the insight has figures: gold came often and recently, silver once long ago.
  const visit = (memberId: string, daysAgo: number, fen: number) =>
    t.ds.getRepository('visit').insert(
      aVisitRow({
        id: `${memberId.slice(0, 30)}${String(daysAgo).padStart(6, '0')}`,
        memberId,
        storeId: chain.storeA,
        amountFen: fen,
        paidFen: fen,
        occurredAt: new Date(Date.now() - daysAgo * 86_400_000),
      }),
    );
  for (const d of [3, 10, 17, 24]) await visit(ids.gold, d, 30_000);
  await visit(ids.silver, 200, 5_000);
  await t.app.get(InsightsService).refresh();
});
afterAll(() => t?.close());

const match = async (filter: SegmentFilter) => {
  const qb = await t.app.get(SegmentsService).members(filter);
  return (await qb.getMany())
    .map((m) => m.id)
    .filter((id) => Object.values(ids).includes(id))
    .sort();
};
const of = (...keys: string[]) => keys.map((k) => ids[k]).sort();

describe('segment compiler', () => {
  it.each<[string, SegmentFilter, string[]]>([
    ['enum eq (tier code)', { all: [{ field: 'tier', op: 'eq', value: 'GOLD' }] }, ['gold']],
    ['enum neq', { all: [{ field: 'tier', op: 'neq', value: 'GOLD' }] }, ['silver', 'plain']],
    ['enum in (store codes)', { all: [{ field: 'joinStore', op: 'in', value: ['B001'] }] }, ['silver']],
    ['enum with options', { all: [{ field: 'joinChannel', op: 'eq', value: 'IMPORT' }] }, ['silver']],
    [
      'text contains (LIKE wildcards stay literal)',
      { all: [{ field: 'tag', op: 'contains', value: '100%辣' }] },
      ['gold'],
    ],
    ['contains does not match a wildcard', { all: [{ field: 'tag', op: 'contains', value: '%' }] }, []],
    [
      'number between (birthday month)',
      { all: [{ field: 'birthdayMonth', op: 'between', value: [5, 11] }] },
      ['gold', 'silver'],
    ],
    ['number in', { all: [{ field: 'birthdayMonth', op: 'in', value: [11] }] }, ['silver']],
    ['bool eq', { all: [{ field: 'consentSms', op: 'eq', value: true }] }, ['gold']],
    ['number gt / lte', { all: [{ field: 'pointsBalance', op: 'gt', value: 50 }] }, ['gold']],
    ['lte', { all: [{ field: 'pointsBalance', op: 'lte', value: 50 }] }, ['silver', 'plain']],
    ['date gte', { all: [{ field: 'joinedOn', op: 'gte', value: '2021-01-01' }] }, ['gold', 'silver']],
    ['date lte', { all: [{ field: 'joinedOn', op: 'lte', value: '2020-12-31' }] }, ['plain']],
    [
      'insight: lifecycle in',
      { all: [{ field: 'lifecycle', op: 'in', value: ['LOST', 'NONE'] }] },
      ['silver', 'plain'],
    ],
    ['insight: empty (never came)', { all: [{ field: 'recencyDays', op: 'empty' }] }, ['plain']],
    [
      'insight: notEmpty + gte',
      {
        all: [
          { field: 'recencyDays', op: 'notEmpty' },
          { field: 'frequency', op: 'gte', value: 4 },
        ],
      },
      ['gold'],
    ],
    [
      'insight: money lt',
      {
        all: [
          { field: 'monetaryFen', op: 'lt', value: 10_000 },
          { field: 'recencyDays', op: 'notEmpty' },
        ],
      },
      ['silver'],
    ],
    ['insight: eq score', { all: [{ field: 'fScore', op: 'eq', value: 5 }] }, ['gold']],
  ])('%s', async (_label, filter, expected) => {
    expect(await match(filter)).toEqual(of(...expected));
    // The count (on member_insight alone when every condition is a stored figure) agrees with
    // the member list the same filter gives.
    const svc = t.app.get(SegmentsService);
    expect(await svc.count(filter)).toBe((await (await svc.members(filter)).getMany()).length);
  });

  it('an injection attempt in a value stays data; an unknown field never reaches SQL', async () => {
    expect(await match({ all: [{ field: 'tier', op: 'eq', value: "GOLD' OR '1'='1" }] })).toEqual([]);
    expect(await match({ all: [{ field: 'tag', op: 'contains', value: "x') OR 1=1 --" }] })).toEqual([]);
    expect(await t.ds.getRepository(Member).count()).toBeGreaterThanOrEqual(3);
    await expect(
      t.app.get(SegmentsService).members({ all: [{ field: 'm.id OR 1=1' as never, op: 'eq', value: 1 }] }),
    ).rejects.toMatchObject({ code: 'SEGMENT_FILTER_INVALID' });
  });
});

describe('segments over HTTP', () => {
  it('previews a filter live, saves it, and the member list and export take it', async () => {
    const filter = { all: [{ field: 'frequency', op: 'gte', value: 1 }] };
    const preview = await http(t.baseUrl, 'POST', '/api/admin/segments/preview', {
      token: chain.tokens.marketer,
      body: { filter },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ count: 2, summary: '近一年消费次数 不少于 1 次' });
    expect(preview.body.sample[0].phone).toMatch(/\*{4}/);
    expect(preview.body.lifecycle.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(2);
    const bad = await http(t.baseUrl, 'POST', '/api/admin/segments/preview', {
      token: chain.tokens.marketer,
      body: { filter: { all: [{ field: 'rScore', op: 'gte', value: 9 }] } },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'SEGMENT_FILTER_INVALID' } });
    expect(bad.body.message).toContain('近度分 R');
    const saved = await http(t.baseUrl, 'POST', '/api/admin/segments', {
      token: chain.tokens.marketer,
      body: { name: '来过的会员', filter },
    });
    expect(saved.body).toMatchObject({ name: '来过的会员', ownerName: 'marketer' });
    const list = await http(t.baseUrl, 'GET', `/api/admin/members?segmentId=${saved.body.id}`, {
      token: chain.tokens.admin,
    });
    expect(list.body.total).toBe(2);
    const csv = await (
      await fetch(`${t.baseUrl}/api/admin/members/export?segmentId=${saved.body.id}`, {
        headers: { authorization: `Bearer ${chain.tokens.admin}` },
      })
    ).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/admin/segments/preview', {
          token: chain.tokens.managerA,
          body: { filter },
        })
      ).status,
    ).toBe(403);
  });
});
