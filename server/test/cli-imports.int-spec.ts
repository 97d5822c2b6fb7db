/**
 * The command line of DESIGN.md §6, run as a real child process (`node dist/cli/main.js`) against
 * the same fresh database as a running server: CSV imports report bad rows with line and reason,
 * re-runs import nothing twice, and the other commands print the JSON the contract promises.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Member } from '../src/members/entities/member.entity';
import { Visit } from '../src/visits/entities/visit.entity';
import { ImportsService } from '../src/imports/imports.service';
import { buildChain, Chain, expectLedgersBalance } from './fixtures';
import { startApp, TestApp } from './harness';

const run = promisify(execFile);
const CLI = resolve(__dirname, '..', 'dist', 'cli', 'main.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

let t: TestApp;
let chain: Chain;
let dir: string;

async function cli(...args: string[]): Promise<CliResult> {
  try {
    const r = await run('node', [CLI, ...args], { env: { ...process.env, ...t.db.env }, cwd: dir });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, json: JSON.parse(r.stdout) };
  } catch (e: any) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, json: null };
  }
}

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

beforeAll(async () => {
  if (!existsSync(CLI))
    throw new Error(`先构建 server（pnpm --filter @tableside/server build）：缺少 ${CLI}`);
  t = await startApp();
  chain = await buildChain(t);
  dir = mkdtempSync(join(tmpdir(), 'tableside-cli-'));
});
afterAll(() => t?.close());

const MEMBERS = [
  'phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id',
  '13800000001,张三,M,1990-05-01,GOLD,1200,5000,2024-03-01,OLD-1', // 2 ok
  '+86 138-0000-0002,李四,女,,银卡,,,2024-04-01T12:00:00+08:00,', // 3 ok, tier by name
  ',王五,,,,,,,OLD-3', // 4 ok, external id only
  '12345,坏号码,M,,,,,,', // 5 bad phone
  '13800000005,赵六,M,1990-02-30,,,,,', // 6 impossible birthday
  '13800000006,钱七,M,,DIAMOND,,,,', // 7 unknown tier
  '13800000007,孙八,X,,,,,,', // 8 bad gender
  '13800000008,周九,M,,,-5,,,', // 9 negative points
  '13800000009,吴十', // 10 wrong column count
  ',无名,,,,,,,', // 11 neither phone nor external id
  '13800000001,张三重复,M,,,,,,', // 12 same phone again → skipped, not duplicated
].join('\n');

describe('pnpm cli import:members', () => {
  it('imports good rows, reports each bad row with its line and a Chinese reason', async () => {
    const r = await cli('import:members', file('members.csv', MEMBERS));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ total: 11, imported: 3, skipped: 1 });
    expect(r.json.errors.map((e: { line: number }) => e.line)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    const reasons = r.json.errors.map((e: { reason: string }) => e.reason).join('|');
    expect(reasons).toContain('手机号格式不正确');
    expect(reasons).toContain('生日不是合法日期');
    expect(reasons).toContain('会员等级不存在');
    expect(reasons).toContain('列数应为 9');
    expect(r.stderr).toContain('导入 3');

    const repo = t.ds.getRepository(Member);
    const zhang = await repo.findOneByOrFail({ phone: '13800000001' });
    expect(zhang).toMatchObject({
      name: '张三',
      gender: 'M',
      birthday: '1990-05-01',
      tierId: chain.tiers.GOLD,
      pointsBalance: 1200,
      balancePrincipalFen: 5000,
      joinChannel: 'IMPORT',
      externalId: 'OLD-1',
    });
    expect((await repo.findOneByOrFail({ phone: '13800000002' })).tierId).toBe(chain.tiers.SILVER);
    expect(await repo.existsBy({ externalId: 'OLD-3' })).toBe(true);
    expect(await repo.count()).toBe(3);
    await expectLedgersBalance(t.ds);
  });

  it('a re-run of the same file imports nothing twice', async () => {
    const r = await cli('import:members', 'members.csv');
    expect(r.json).toMatchObject({ imported: 0, skipped: 4 });
    expect(await t.ds.getRepository(Member).count()).toBe(3);
    const zhang = await t.ds.getRepository(Member).findOneByOrFail({ phone: '13800000001' });
    expect(zhang.pointsBalance).toBe(1200);
    await expectLedgersBalance(t.ds);
  });

  it('rejects a file with the wrong header without importing anything', async () => {
    const r = await cli('import:members', file('bad-header.csv', 'mobile,name\n13800000077,x'));
    expect(r.json).toMatchObject({ imported: 0, errors: [{ line: 1 }] });
    expect(r.json.errors[0].reason).toContain('表头不正确');
    expect(await t.ds.getRepository(Member).count()).toBe(3);
  });
});

const VISITS = [
  'member_ref,occurred_at,amount_fen,store_code,party_size,order_ref',
  '13800000001,2025-06-01,12800,A001,2,ORD-1', // 2 ok by phone, date only
  'OLD-3,2025-06-02T19:30:00+08:00,0,B001,,', // 3 ok by external id, comped visit
  '13800000001,2025-06-03,abc,A001,,', // 4 bad amount
  '13800000001,2025-13-03,100,A001,,', // 5 bad date
  '13800000001,2025-06-03,100,Z999,,', // 6 unknown store
  '13800000001,2025-06-03,100,A001,0,', // 7 bad party size
  '13900000000,2025-06-04,5600,A001,3,ORD-9', // 8 unknown member (created with --create-members)
].join('\n');

describe('pnpm cli import:visits', () => {
  it('imports good rows and reports the rest; unknown members are errors without --create-members', async () => {
    const r = await cli('import:visits', file('visits.csv', VISITS));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ total: 7, imported: 2, skipped: 0 });
    expect(r.json.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 6, 7, 8]);
    expect(r.json.errors.find((e: { line: number }) => e.line === 8).reason).toContain('会员不存在');
    const visits = await t.ds.getRepository(Visit).find({ order: { occurredAt: 'ASC' } });
    expect(visits.map((v) => [v.amountFen, v.storeId, v.channel])).toEqual([
      [12800, chain.storeA, 'IMPORT'],
      [0, chain.storeB, 'IMPORT'],
    ]);
    // "YYYY-MM-DD" is a local (Asia/Shanghai) business day, not UTC midnight.
    expect(visits[0].occurredAt.toISOString()).toBe('2025-06-01T04:00:00.000Z');
    expect(visits[1].occurredAt.toISOString()).toBe('2025-06-02T11:30:00.000Z');
  });

  it('with --create-members creates the unknown member; a re-run imports nothing twice', async () => {
    const r = await cli('import:visits', 'visits.csv', '--create-members');
    expect(r.json).toMatchObject({ imported: 1, skipped: 2 });
    const again = await cli('import:visits', 'visits.csv', '--create-members');
    expect(again.json).toMatchObject({ imported: 0, skipped: 3 });
    expect(await t.ds.getRepository(Visit).count()).toBe(3);
    const created = await t.ds.getRepository(Member).findOneByOrFail({ phone: '13900000000' });
    expect(created.joinChannel).toBe('IMPORT');
    expect(created.joinStoreId).toBe(chain.storeA);
  });
});

describe('bulk member imports', () => {
  it('the same 600-member file imported twice at once: every member once with one opening balance, both reports add up', async () => {
    const lines = ['phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id'];
    for (let i = 0; i < 600; i++) {
      const bad = i % 100 === 3; // 6 rows with an impossible birthday
      lines.push(
        `1360000${String(i).padStart(4, '0')},会员${i},F,${bad ? '1990-02-30' : '1991-03-04'},GOLD,${100 + i},${i % 3 ? 2000 : ''},2024-05-01,BULKM-${i}`,
      );
    }
    lines.push(lines[20]); // the same member twice in one file
    const text = lines.join('\n');
    const imports = t.app.get(ImportsService);
    const before = await t.ds.getRepository(Member).count();
    const progress: number[] = [];
    const [a, b] = await Promise.all([
      imports.importMembers(text, (n) => progress.push(n)),
      imports.importMembers(text),
    ]);
    expect((await t.ds.getRepository(Member).count()) - before).toBe(594);
    expect(a.imported + b.imported).toBe(594);
    for (const r of [a, b]) {
      expect(r.total).toBe(601);
      expect(r.errors).toHaveLength(6);
      expect(r.errors[0]).toEqual({ line: 5, reason: '生日不是合法日期：1990-02-30' });
      expect(r.imported + r.skipped + r.errors.length).toBe(601);
    }
    const m = await t.ds.getRepository(Member).findOneByOrFail({ externalId: 'BULKM-10' });
    expect(m).toMatchObject({ phone: '13600000010', tierId: chain.tiers.GOLD, pointsBalance: 110 });
    expect(m.balancePrincipalFen).toBe(2000);
    await expectLedgersBalance(t.ds);
    expect(progress[progress.length - 1]).toBe(601);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    const again = await imports.importMembers(text);
    expect([again.imported, again.skipped]).toEqual([0, 595]);
  }, 60_000);
});

describe('bulk visit imports', () => {
  it('the same 2,500-row file imported twice at once: every row lands once, both reports add up', async () => {
    const lines = ['member_ref,occurred_at,amount_fen,store_code,party_size,order_ref'];
    for (let i = 0; i < 2500; i++) {
      const bad = i % 100 === 7; // 25 rows with an unknown store
      lines.push(
        `13800000001,2025-07-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00+08:00,${1000 + i},${bad ? 'ZZ99' : 'A001'},2,BULK-${i}`,
      );
    }
    lines.push(lines[10]); // the same row twice in one file
    const text = lines.join('\n');
    const imports = t.app.get(ImportsService);
    const progress: number[] = [];
    const [a, b] = await Promise.all([
      imports.importVisits(text, {}, (n) => progress.push(n)),
      imports.importVisits(text),
    ]);
    const rows = await t.ds.query("SELECT COUNT(*) AS n FROM visit WHERE order_ref LIKE 'BULK-%'");
    expect(Number(rows[0].n)).toBe(2475);
    expect(a.imported + b.imported).toBe(2475);
    for (const r of [a, b]) {
      expect(r.total).toBe(2501);
      expect(r.errors).toHaveLength(25);
      expect(r.errors[0]).toEqual({ line: 9, reason: '门店编码不存在：ZZ99' });
      expect(r.imported + r.skipped + r.errors.length).toBe(2501);
    }
    // Progress moved forward and ended at the row count.
    expect(progress[progress.length - 1]).toBe(2501);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    const again = await imports.importVisits(text);
    expect([again.imported, again.skipped]).toEqual([0, 2476]);
  }, 60_000);
  it('finishing an interrupted import: the whole file again adds exactly the rows that were missing', async () => {
    const lines = ['member_ref,occurred_at,amount_fen,store_code,party_size,order_ref'];
    for (let i = 0; i < 3000; i++)
      lines.push(
        `13800000001,2025-08-${String(1 + (i % 28)).padStart(2, '0')}T${10 + (i % 12)}:00:00+08:00,${500 + i},A001,1,PART-${i}`,
      );
    const imports = t.app.get(ImportsService);
    // What an import stopped part-way leaves: some of the file's rows, spread over its dates.
    const some = [lines[0], ...lines.slice(1).filter((_, i) => i % 3 === 0 || (i > 1000 && i < 1400))];
    const first = await imports.importVisits(some.join('\n'));
    expect(first).toMatchObject({ total: some.length - 1, imported: some.length - 1, skipped: 0 });
    const rest = await imports.importVisits(lines.join('\n'));
    expect(rest).toMatchObject({ total: 3000, imported: 3000 - first.imported, skipped: first.imported });
    const refs: { r: string; n: number }[] = await t.ds.query(
      "SELECT order_ref AS r, COUNT(*) AS n FROM visit WHERE order_ref LIKE 'PART-%' GROUP BY order_ref",
    );
    expect(refs).toHaveLength(3000);
    expect(refs.every((x) => Number(x.n) === 1)).toBe(true);
    expect(await imports.importVisits(lines.join('\n'))).toMatchObject({ imported: 0, skipped: 3000 });
  }, 60_000);
});

describe('other commands', () => {
  it('stores:create, templates:create/list, coupons:issue, members:code, pos:create-key', async () => {
    const store = await cli('stores:create', '--code', 'C001', '--name', '静安寺店');
    expect(store.json).toEqual({ id: expect.any(String), code: 'C001' });

    const tpl = file(
      't.json',
      JSON.stringify({ name: '满100减20', type: 'CASH', valueFen: 2000, thresholdFen: 10000, validDays: 30 }),
    );
    const created = await cli('templates:create', '--file', tpl);
    expect(created.json).toEqual({ id: expect.any(String) });
    const list = await cli('templates:list');
    expect(list.json.map((x: { id: string }) => x.id)).toContain(created.json.id);

    const issued = await cli(
      'coupons:issue',
      '--template',
      created.json.id,
      '--phone',
      '13800000001',
      '--count',
      '2',
    );
    expect(issued.json.codes).toHaveLength(2);
    for (const c of issued.json.codes) expect(c).toMatch(/^6\d{19}$/);

    const code = await cli('members:code', '--phone', '13800000001');
    expect(code.json.code).toMatch(/^8\d{15}$/);

    const key = await cli('pos:create-key', '--store', 'C001');
    expect(key.json).toEqual({ keyId: expect.any(String), secret: expect.any(String) });
  });

  it('usage errors exit 64, domain errors exit 1, both with a Chinese message', async () => {
    const usage = await cli('stores:create', '--code', 'X');
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('缺少参数 --name');
    const unknown = await cli('members:code', '--phone', '13700000000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('会员不存在');
    const badJson = await cli('templates:create', '--file', file('bad.json', '{"name":"x","type":"NOPE"}'));
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toContain('券模板 JSON 不正确');
  });
});
