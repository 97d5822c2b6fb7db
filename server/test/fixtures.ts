/** Data builders for integration tests: a small chain, members, templates, coupons, signed POS calls. */
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@tableside/shared';
import { TokenService } from '../src/auth/token.service';
import { CouponsService } from '../src/coupons/coupons.service';
import type { CouponTemplateInputDto } from '../src/coupons/dto/coupon-template.dto';
import { TransactionRunner } from '../src/database/transaction-runner';
import { Member } from '../src/members/entities/member.entity';
import { MembersService } from '../src/members/members.service';
import { PosKeysService } from '../src/pos/pos-keys.service';
import { signPosRequest } from '../src/pos/pos-signature';
import { SettingsService } from '../src/settings/settings.service';
import { StaffService } from '../src/staff/staff.service';
import { StoresService } from '../src/stores/stores.service';
import { TiersService } from '../src/tiers/tiers.service';
import { WalletService } from '../src/wallet/wallet.service';
import { PointsService } from '../src/points/points.service';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids';
import { Visit } from '../src/visits/entities/visit.entity';
import { visitRow } from '../src/visits/visit-row';
import { http, HttpResult, TestApp } from './harness';

export const TIERS = [
  { code: 'NORMAL', name: '普通会员', rank: 1, thresholdFen: 0, pointsMultiplierPercent: 100 },
  { code: 'SILVER', name: '银卡', rank: 2, thresholdFen: 100_000, pointsMultiplierPercent: 120 },
  { code: 'GOLD', name: '金卡', rank: 3, thresholdFen: 500_000, pointsMultiplierPercent: 150 },
  { code: 'BLACK', name: '黑金', rank: 4, thresholdFen: 2_000_000, pointsMultiplierPercent: 200 },
];

export const STAFF_PASSWORD = 'password-123';

export interface Chain {
  storeA: string;
  storeB: string;
  tiers: Record<string, string>;
  tokens: Record<'admin' | 'marketer' | 'managerA' | 'cashierA' | 'cashierB', string>;
  posA: { keyId: string; secret: string };
  posB: { keyId: string; secret: string };
}

export async function buildChain(t: TestApp): Promise<Chain> {
  const tx = t.app.get(TransactionRunner);
  await t.app.get(SettingsService).get();
  const tiers: Record<string, string> = {};
  await tx.run(async (em) => {
    const rows = await TiersService.upsertByCode(
      em,
      TIERS.map((tier) => ({
        id: `00000000-0000-4000-8000-00000000000${tier.rank}`,
        ...tier,
        benefits: null,
      })),
      new Date(),
    );
    for (const r of rows) tiers[r.code] = r.id;
  });
  const stores = t.app.get(StoresService);
  const a = await stores.create({ code: 'A001', name: '人民广场店' });
  const b = await stores.create({ code: 'B001', name: '徐家汇店' });
  const staff = t.app.get(StaffService);
  const tokensSvc = t.app.get(TokenService);
  const mk = async (username: string, role: StaffRole, storeIds: string[]) =>
    tokensSvc.signStaff(
      (await staff.create({ username, name: username, password: STAFF_PASSWORD, role, storeIds })).id,
      0,
    );
  const keys = t.app.get(PosKeysService);
  return {
    storeA: a.id,
    storeB: b.id,
    tiers,
    tokens: {
      admin: await mk('admin', 'HQ_ADMIN', []),
      marketer: await mk('marketer', 'MARKETER', []),
      managerA: await mk('manager-a', 'STORE_MANAGER', [a.id]),
      cashierA: await mk('cashier-a', 'CASHIER', [a.id]),
      cashierB: await mk('cashier-b', 'CASHIER', [b.id]),
    },
    posA: await keys.create('A001'),
    posB: await keys.create('B001'),
  };
}

export async function aMember(
  t: TestApp,
  opts: { phone?: string; points?: number; principalFen?: number; bonusFen?: number } = {},
): Promise<Member> {
  const tx = t.app.get(TransactionRunner);
  return tx.run(async (em) => {
    const m = await t.app.get(MembersService).create(em, {
      phone: opts.phone ?? `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      joinChannel: 'STAFF',
    });
    if (opts.points) {
      await t.app.get(PointsService).credit(
        em,
        {
          memberId: m.id,
          points: opts.points,
          source: 'STAFF',
          reason: 'test',
          idempotencyKey: `test:${m.id}:p`,
        },
        'ADJUST',
      );
    }
    if (opts.principalFen || opts.bonusFen) {
      await t.app
        .get(WalletService)
        .credit(
          em,
          { memberId: m.id, reason: 'test top-up', idempotencyKey: `test:${m.id}:w` },
          'TOPUP',
          opts.principalFen ?? 0,
          opts.bonusFen ?? 0,
        );
    }
    return em.findOneOrFail(Member, { where: { id: m.id } });
  });
}

export const cashTemplate = (over: Partial<CouponTemplateInputDto> = {}): CouponTemplateInputDto => ({
  name: '满100减20',
  type: 'CASH',
  valueFen: 2000,
  thresholdFen: 10000,
  validDays: 30,
  ...over,
});

export async function aTemplate(t: TestApp, input: CouponTemplateInputDto = cashTemplate()) {
  return t.app.get(CouponsService).createTemplate(input);
}

export async function aCoupon(t: TestApp, templateId: string, memberId: string): Promise<string> {
  return (await t.app.get(CouponsService).issue({ templateId, memberId, channel: 'IMPORT' })).code;
}

export async function memberCode(t: TestApp, memberId: string): Promise<string> {
  const svc = t.app.get(MembersService);
  return (await svc.currentCode(await svc.get(memberId))).code;
}

export const memberToken = async (t: TestApp, memberId: string) => {
  const m = await t.ds.getRepository(Member).findOneOrFail({ where: { id: memberId } });
  return t.app.get(TokenService).signMember(memberId, m.tokenVersion);
};

/** A correctly signed POS request; `tamper` lets a test break one part of the signature on purpose. */
export async function pos<T = any>(
  t: TestApp,
  key: { keyId: string; secret: string },
  path: string,
  body: unknown,
  tamper: { timestamp?: number; nonce?: string; secret?: string; bodyOverride?: string } = {},
): Promise<HttpResult<T>> {
  const raw = tamper.bodyOverride ?? JSON.stringify(body);
  const ts = String(tamper.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = tamper.nonce ?? randomBytes(12).toString('hex');
  const fullPath = `/api/pos/v1${path}`;
  const signature = signPosRequest(
    tamper.secret ?? key.secret,
    'POST',
    fullPath,
    ts,
    nonce,
    JSON.stringify(body),
  );
  return http<T>(t.baseUrl, 'POST', fullPath, {
    rawBody: raw,
    headers: { 'x-pos-key': key.keyId, 'x-timestamp': ts, 'x-nonce': nonce, 'x-signature': signature },
  });
}

export const requestId = () => `req-${randomBytes(8).toString('hex')}`;

/** Every member's points and stored value equal the sums of their ledgers. */
export async function expectLedgersBalance(ds: DataSource): Promise<void> {
  const points = await ds.query(
    `SELECT m.id, m.points_balance AS bal, COALESCE((SELECT SUM(p.points) FROM points_entry p WHERE p.member_id = m.id), 0) AS led FROM member m`,
  );
  for (const r of points) expect([r.id, Number(r.bal)]).toEqual([r.id, Number(r.led)]);
  const wallet = await ds.query(
    `SELECT m.id, m.balance_principal_fen AS p, m.balance_bonus_fen AS b,
       COALESCE((SELECT SUM(w.principal_fen) FROM wallet_entry w WHERE w.member_id = m.id), 0) AS lp,
       COALESCE((SELECT SUM(w.bonus_fen) FROM wallet_entry w WHERE w.member_id = m.id), 0) AS lb FROM member m`,
  );
  for (const r of wallet) {
    expect([r.id, Number(r.p), Number(r.b)]).toEqual([r.id, Number(r.lp), Number(r.lb)]);
    expect(Number(r.p)).toBeGreaterThanOrEqual(0);
    expect(Number(r.b)).toBeGreaterThanOrEqual(0);
  }
}

/** A whole visit row (every column) for tests that write visits directly: a plain paid bill. */
export function aVisitRow(over: Partial<Visit> = {}): Visit {
  const now = new Date();
  return visitRow({
    id: newId(),
    memberId: null,
    storeId: newId(),
    amountFen: 0,
    paidFen: 0,
    occurredAt: now,
    createdAt: now,
    ...over,
  });
}
