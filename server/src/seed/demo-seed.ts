import type { INestApplicationContext } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { couponDiscount } from '@tableside/shared';
import { newCouponCode } from '../coupons/coupon-code';
import { CouponsService, ruleOf } from '../coupons/coupons.service';
import { Automation } from '../automations/automation.entity';
import { Campaign, CampaignDelivery } from '../campaigns/entities/campaign.entity';
import { AutomationsService } from '../automations/automations.service';
import { InsightsService } from '../insights/insights.service';
import type { CouponTemplateInputDto } from '../coupons/dto/coupon-template.dto';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { Coupon } from '../coupons/entities/coupon.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { pointsForPayment } from '../points/earn-rule';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { PointsService } from '../points/points.service';
import { CouponPack, TopupPackage } from '../payments/payment.entities';
import { WechatSubscription } from '../wechat/subscribe-port';
import { PosKeysService } from '../pos/pos-keys.service';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { SettingsService } from '../settings/settings.service';
import { StaffService } from '../staff/staff.service';
import { StoreTable } from '../stores/entities/store-table.entity';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { TiersService } from '../tiers/tiers.service';
import { Visit } from '../visits/entities/visit.entity';
import { visitRow } from '../visits/visit-row';
import { WalletService } from '../wallet/wallet.service';
import { between, pick, prng } from './prng';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Shanghai';
/** The demo's past campaign (双十一回馈). */
export const DEMO_CAMPAIGN_ID = '00000000-0000-4000-8000-0000000d1111';

/** Fixed, UUID-shaped ids: group g (4 hex) and index n. */
export const demoId = (g: number, n: number) =>
  `00000000-0000-4000-${g.toString(16).padStart(4, '0')}-${n.toString(16).padStart(12, '0')}`;

import { DEMO_PASSWORD, DEMO_POS_KEY } from './demo-constants';
export { DEMO_PASSWORD, DEMO_POS_KEY };
export const DEMO_DINER_PHONE = '13800138000';

const STORES = [
  ['SH001', '人民广场店', '上海市黄浦区南京东路 100 号'],
  ['SH002', '徐家汇店', '上海市徐汇区虹桥路 1 号'],
  ['SH003', '陆家嘴店', '上海市浦东新区世纪大道 8 号'],
  ['HZ001', '西湖店', '杭州市上城区湖滨路 20 号'],
  ['HZ002', '滨江店', '杭州市滨江区江南大道 300 号'],
  ['SZ001', '观前街店', '苏州市姑苏区观前街 50 号'],
] as const;

const TIERS = [
  {
    code: 'NORMAL',
    name: '普通会员',
    rank: 1,
    thresholdFen: 0,
    pointsMultiplierPercent: 100,
    benefits: null,
  },
  {
    code: 'SILVER',
    name: '银卡',
    rank: 2,
    thresholdFen: 100_000,
    pointsMultiplierPercent: 120,
    benefits: { memberPricePercentOff: 0 },
  },
  {
    code: 'GOLD',
    name: '金卡',
    rank: 3,
    thresholdFen: 500_000,
    pointsMultiplierPercent: 150,
    benefits: { memberPricePercentOff: 5 },
  },
  {
    code: 'BLACK',
    name: '黑金',
    rank: 4,
    thresholdFen: 2_000_000,
    pointsMultiplierPercent: 200,
    benefits: { memberPricePercentOff: 10 },
  },
];

const TEMPLATES: CouponTemplateInputDto[] = [
  {
    name: '满100减20',
    type: 'CASH',
    valueFen: 2000,
    thresholdFen: 10000,
    validDays: 30,
    channels: ['CLAIM_CENTER', 'CAMPAIGN'],
    perMemberLimit: 3,
  },
  { name: '无门槛10元券', type: 'CASH', valueFen: 1000, validDays: 14, channels: ['CAMPAIGN'] },
  {
    name: '8.8折 最高减50',
    type: 'DISCOUNT',
    percentOff: 12,
    maxDiscountFen: 5000,
    thresholdFen: 5000,
    validDays: 30,
    channels: ['CLAIM_CENTER', 'CAMPAIGN'],
  },
  {
    name: '招牌剁椒鱼头兑换券',
    type: 'ITEM',
    valueFen: 8800,
    itemName: '招牌剁椒鱼头',
    thresholdFen: 20000,
    validDays: 60,
    channels: ['CAMPAIGN', 'POINTS_EXCHANGE'],
    pointsCost: 800,
  },
  {
    name: '工作日午市满80减15',
    type: 'CASH',
    valueFen: 1500,
    thresholdFen: 8000,
    weekdays: [1, 2, 3, 4, 5],
    timeWindows: [{ from: '11:00', to: '14:00' }],
    validDays: 30,
    channels: ['CLAIM_CENTER'],
  },
  {
    name: '金卡专享 满300减60',
    type: 'CASH',
    valueFen: 6000,
    thresholdFen: 30000,
    minTier: 'GOLD',
    validDays: 30,
    channels: ['CLAIM_CENTER'],
  },
  {
    name: '可叠加 满50减5',
    type: 'CASH',
    valueFen: 500,
    thresholdFen: 5000,
    stacking: 'STACKABLE',
    maxPerBill: 2,
    validDays: 30,
    channels: ['CLAIM_CENTER', 'CAMPAIGN'],
  },
  {
    name: '积分兑 20元代金券',
    type: 'CASH',
    valueFen: 2000,
    thresholdFen: 10000,
    validDays: 30,
    channels: ['POINTS_EXCHANGE'],
    pointsCost: 500,
  },
  {
    name: '限量抢 5折券（最高减100）',
    type: 'DISCOUNT',
    percentOff: 50,
    maxDiscountFen: 10000,
    thresholdFen: 10000,
    validDays: 7,
    stock: 200,
    perMemberLimit: 1,
    channels: ['CLAIM_CENTER'],
  },
  // Sold in the mini-program (团购/代金券): issued only on a verified payment.
  {
    name: '100元代金券',
    type: 'CASH',
    valueFen: 10000,
    validDays: 90,
    channels: ['PURCHASE'],
    description: '全场通用，可与会员价同享；每桌限用 1 张。',
  },
  {
    name: '双人套餐券（剁椒鱼头双人餐）',
    type: 'ITEM',
    itemName: '剁椒鱼头双人套餐',
    valueFen: 22800,
    validDays: 60,
    channels: ['PURCHASE'],
  },
  {
    // 限时秒杀: opens at the next 12:00 after the seed (set below), so the demo shows the countdown.
    name: '午市秒杀 满60减20',
    type: 'CASH',
    valueFen: 2000,
    thresholdFen: 6000,
    validDays: 7,
    stock: 100,
    perMemberLimit: 1,
    channels: ['CLAIM_CENTER'],
    description: '每天 12 点开抢，限量 100 张，每人 1 张。',
  },
  {
    name: '新人礼 无门槛8元券',
    type: 'CASH',
    valueFen: 800,
    validDays: 30,
    perMemberLimit: 1,
    channels: ['CAMPAIGN'],
    description: '欢迎加入！首次到店即可使用。',
  },
];

const FLASH_DEMO = '午市秒杀 满60减20';
/** The next 12:00 in the chain's zone (Asia/Shanghai) after `now`. */
function nextNoon(now: Date): Date {
  const noon = dayjs(now).tz('Asia/Shanghai').hour(12).minute(0).second(0).millisecond(0);
  return (noon.valueOf() > now.getTime() ? noon : noon.add(1, 'day')).toDate();
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然子涵欣怡梓萱一诺思远佳琪俊杰雨桐晨曦嘉怡文博';

export interface SeedResult {
  skipped: boolean;
  stores: number;
  members: number;
  visits: number;
  posKey: { keyId: string; secret: string };
  ms: number;
}

async function chunks<T>(em: EntityManager, entity: new () => T, rows: T[], size = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await em.insert(entity, rows.slice(i, i + size) as never);
}

/**
 * The demo chain (湘味小馆): stores with tables, tiers, staff of every role, coupon templates of
 * every type, ~2,000 members with a year of lunch and dinner visits. Fixed ids, idempotent.
 */
export async function seedDemo(
  app: INestApplicationContext,
  opts: { members?: number; now?: Date } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const ds = app.get(DataSource);
  const tx = app.get(TransactionRunner);
  if (await ds.getRepository(Store).exists({ where: { code: 'SH001' } })) {
    return {
      skipped: true,
      stores: 0,
      members: 0,
      visits: 0,
      posKey: DEMO_POS_KEY,
      ms: Date.now() - started,
    };
  }
  const now = opts.now ?? new Date();
  const rnd = prng(20261122);
  const settings = app.get(SettingsService);
  await tx.run(async (em) => {
    await settings.get(em);
    await em.update(
      ChainSettings,
      { id: 1 },
      { chainName: '湘味小馆', timeZone: TZ, pointsPerYuan: 1, updatedAt: now },
    );
    await TiersService.upsertByCode(
      em,
      TIERS.map((t, i) => ({ id: demoId(1, i + 1), ...t })),
      now,
    );
    await em.insert(
      Store,
      STORES.map(([code, name, address], i) => ({
        id: demoId(2, i + 1),
        code,
        name,
        address,
        phone: null,
        voidWindowMinutes: 30,
        active: true,
        createdAt: now,
      })),
    );
    const tables: StoreTable[] = [];
    STORES.forEach((_, s) => {
      for (let n = 1; n <= 20; n++)
        tables.push({
          id: demoId(3, s * 100 + n),
          storeId: demoId(2, s + 1),
          tableNo: String(n),
          seats: n <= 8 ? 4 : n <= 16 ? 6 : 10,
          createdAt: now,
        });
    });
    await chunks(em, StoreTable, tables);
  });
  const staff = app.get(StaffService);
  const sh001 = demoId(2, 1);
  for (const [i, [username, name, role, storeIds]] of (
    [
      ['admin', '陈总（总部管理员）', 'HQ_ADMIN', []],
      ['marketer', '林小姐（总部营销）', 'MARKETER', []],
      ['manager1', '王店长', 'STORE_MANAGER', [sh001]],
      ['cashier1', '小李（收银）', 'CASHIER', [sh001]],
      ['cashier2', '小周（收银）', 'CASHIER', [demoId(2, 2)]],
    ] as const
  ).entries()) {
    await staff.create({
      id: demoId(4, i + 1),
      username,
      name,
      password: DEMO_PASSWORD,
      role,
      storeIds: [...storeIds],
    });
  }
  const coupons = app.get(CouponsService);
  const templateIds: string[] = [];
  await tx.run(async (em) => {
    for (const [i, input] of TEMPLATES.entries()) {
      const flash = input.name === FLASH_DEMO;
      const t = await coupons.templateFromInput(
        em,
        flash ? { ...input, flashStartAt: nextNoon(now).toISOString() } : input,
      );
      t.id = demoId(5, i + 1);
      t.createdAt = dayjs(now).subtract(90, 'day').toDate();
      await em.insert(CouponTemplate, t);
      templateIds.push(t.id);
    }
    // The last template is the welcome gift every new diner receives on joining.
    await em.update(ChainSettings, { id: 1 }, { welcomeTemplateId: templateIds[templateIds.length - 1] });
  });
  await app.get(PosKeysService).create('SH001', DEMO_POS_KEY);
  // Stored-value packages (充500送50…) and coupon packs for sale in the mini-program.
  await tx.run(async (em) => {
    const packages: [string, number, number][] = [
      ['充200送10', 20_000, 1_000],
      ['充500送50', 50_000, 5_000],
      ['充1000送150', 100_000, 15_000],
    ];
    for (const [i, [name, principalFen, bonusFen]] of packages.entries())
      await em.insert(TopupPackage, {
        id: demoId(14, i + 1),
        name,
        principalFen,
        bonusFen,
        active: true,
        sortOrder: i,
        createdAt: now,
        updatedAt: now,
      });
    const byName = (n: string) => templateIds[TEMPLATES.findIndex((t) => t.name === n)];
    await em.insert(CouponPack, [
      {
        id: demoId(15, 1),
        name: '100元代金券 · 88元抢',
        description: '全场通用，有效期 90 天',
        priceFen: 8_800,
        valueFen: 10_000,
        items: [{ templateId: byName('100元代金券'), count: 1 }],
        stock: 500,
        soldCount: 0,
        heldCount: 0,
        perMemberLimit: 2,
        refundExpired: true,
        active: true,
        createdAt: now,
        updatedAt: now,
      },
      {
        id: demoId(15, 2),
        name: '剁椒鱼头双人套餐',
        description: '价值 228 元，含招牌剁椒鱼头、两份时蔬、两碗米饭',
        priceFen: 16_800,
        valueFen: 22_800,
        items: [{ templateId: byName('双人套餐券（剁椒鱼头双人餐）'), count: 1 }],
        stock: null,
        soldCount: 0,
        heldCount: 0,
        perMemberLimit: null,
        refundExpired: false,
        active: true,
        createdAt: now,
        updatedAt: now,
      },
    ]);
  });

  // Members and a year of visits, built in memory and inserted in bulk.
  const count = opts.members ?? 2000;
  const tiers = await ds.getRepository(Tier).find();
  const members: Member[] = [];
  const visits: Visit[] = [];
  const points: PointsEntry[] = [];
  const expiry = (at: Date) => dayjs.tz(`${dayjs(at).tz(TZ).year() + 2}-01-01 00:00:00`, TZ).toDate();
  for (let i = 0; i < count; i++) {
    const id = demoId(6, i + 1);
    const joinStore = between(rnd, 0, STORES.length - 1);
    const joined = dayjs(now)
      .subtract(between(rnd, 1, 365), 'day')
      .tz(TZ)
      .hour(12)
      .toDate();
    const kind = rnd();
    // Heterogeneous habits: weekly regulars, monthly diners, one-timers, lapsed.
    const gapDays =
      kind < 0.1
        ? between(rnd, 5, 12)
        : kind < 0.4
          ? between(rnd, 20, 50)
          : kind < 0.8
            ? 400
            : between(rnd, 15, 40);
    const lapsedAt = kind >= 0.8 ? dayjs(joined).add(between(rnd, 30, 120), 'day') : null;
    let t = dayjs(joined);
    let balance = 0;
    let growth = 0;
    // Each diner has a way of eating out (so the clusters have something to find): office lunch on
    // weekdays alone or in pairs, family dinners at the weekend, late-night snacks, or anything.
    const persona = rnd();
    const office = persona < 0.25;
    const family = persona >= 0.25 && persona < 0.45;
    const night = persona >= 0.45 && persona < 0.55;
    for (let v = 0; v < 80; v++) {
      if (t.isAfter(now) || (lapsedAt && t.isAfter(lapsedAt))) break;
      let day = t.tz(TZ);
      if (office && (day.day() === 0 || day.day() === 6)) day = day.add(day.day() === 6 ? 2 : 1, 'day');
      if (family && day.day() !== 0 && day.day() !== 6 && rnd() < 0.85) day = day.add(6 - day.day(), 'day');
      const dinner = office ? rnd() < 0.1 : family ? rnd() < 0.85 : rnd() < 0.6;
      const hour = night ? between(rnd, 21, 23) : dinner ? between(rnd, 17, 20) : between(rnd, 11, 13);
      const local = day.hour(hour).minute(between(rnd, 0, 59));
      const at = local.toDate();
      if (at > now) break;
      const party = office ? between(rnd, 1, 2) : family ? between(rnd, 3, 6) : between(rnd, 1, 4);
      const amountFen = Math.round((between(rnd, 40, 120) * party * (dinner ? 1.3 : 1)) / 1) * 100;
      const visitId = demoId(7, i * 100 + v);
      const store = rnd() < 0.8 ? joinStore : between(rnd, 0, STORES.length - 1);
      const earned = pointsForPayment(amountFen, 1, 100);
      visits.push(
        visitRow({
          id: visitId,
          memberId: id,
          storeId: demoId(2, store + 1),
          amountFen,
          paidFen: amountFen,
          occurredAt: at,
          partySize: party,
          orderRef: `DEMO-${i}-${v}`,
          pointsEarned: earned,
        }),
      );
      balance += earned;
      if (dayjs(now).diff(at, 'month', true) <= 12) growth += amountFen;
      points.push({
        id: demoId(8, i * 100 + v),
        memberId: id,
        type: 'EARN',
        points: earned,
        balanceAfter: balance,
        remaining: earned,
        expiresAt: expiry(at),
        source: 'VISIT',
        reason: `消费 DEMO-${i}-${v}`,
        refType: 'visit',
        refId: visitId,
        staffId: null,
        idempotencyKey: `visit:${visitId}:earn`,
        createdAt: at,
      });
      t = t.add(Math.max(1, Math.round(gapDays * (0.5 + rnd()))), 'day');
    }
    const isDemo = i === 0;
    members.push({
      id,
      memberNo: 100_000_000 + i * 7 + 1,
      tokenVersion: 0,
      openid: isDemo ? `sim_${createHash('sha256').update('demo').digest('hex').slice(0, 24)}` : null,
      unionid: null,
      phone: isDemo
        ? DEMO_DINER_PHONE
        : `1${pick(rnd, ['35', '36', '37', '38', '39', '50', '51', '58', '59', '86', '87', '88'])}${String(between(rnd, 0, 99_999_999)).padStart(8, '0')}`,
      externalId: null,
      name: isDemo
        ? '张小满'
        : `${pick(rnd, [...SURNAMES])}${pick(rnd, [...GIVEN])}${rnd() < 0.5 ? pick(rnd, [...GIVEN]) : ''}`,
      gender: pick(rnd, ['M', 'F', 'F', 'U'] as const),
      birthday:
        rnd() < 0.7
          ? dayjs('1970-01-01')
              .add(between(rnd, 0, 365 * 35), 'day')
              .format('YYYY-MM-DD')
          : null,
      joinStoreId: demoId(2, joinStore + 1),
      joinChannel: rnd() < 0.85 ? 'TABLE_QR' : 'STAFF',
      tierId: (isDemo ? tiers.find((x) => x.code === 'GOLD')! : TiersService.tierFor(tiers, growth)).id,
      tierDowngradeAt: null,
      pointsBalance: balance,
      balancePrincipalFen: 0,
      balanceBonusFen: 0,
      consentSms: rnd() < 0.6,
      consentWechat: rnd() < 0.5,
      consentUpdatedAt: joined,
      consentChannel: 'TABLE_QR',
      tags: rnd() < 0.2 ? ['爱吃辣'] : [],
      codeSecret: randomBytes(20).toString('hex'),
      deletedAt: null,
      createdAt: joined,
      updatedAt: now,
    });
  }
  await tx.run(async (em) => {
    await chunks(em, Member, members, 300);
    await chunks(em, Visit, visits);
    await chunks(em, PointsEntry, points);
  });

  // The demo diner: stored value (充500送50) and a few coupons, through the real services.
  const demo = members[0];
  await tx.run(async (em) => {
    await app
      .get(WalletService)
      .credit(
        em,
        { memberId: demo.id, reason: '充500送50', idempotencyKey: 'demo:topup:1' },
        'TOPUP',
        50_000,
        5_000,
      );
    await app.get(PointsService).credit(
      em,
      {
        memberId: demo.id,
        points: 1200,
        source: 'CAMPAIGN',
        reason: '开业活动赠送积分',
        idempotencyKey: 'demo:points:1',
      },
      'ADJUST',
    );
    // The demo diner once tapped 允许 on the mini-program's subscription prompts (one message each).
    for (const template of [
      'COUPON_ARRIVED',
      'COUPON_EXPIRING',
      'POINTS_EXPIRING',
      'TOPUP_SUCCEEDED',
    ] as const)
      await em.insert(WechatSubscription, { memberId: demo.id, template, remaining: 1, updatedAt: now });
    for (const tid of [templateIds[0], templateIds[2], templateIds[4], templateIds[6], templateIds[6]]) {
      await coupons.issueIn(em, {
        templateId: tid,
        memberId: demo.id,
        channel: 'IMPORT', // seed data stands for history, like an import
        ref: 'demo',
        now,
      });
    }
  });
  // A past campaign (双十一回馈, 25 days ago) to a few hundred members: part of them came back and
  // used the coupon on their next bill, so the dashboard, the wallets and the reports tell a story
  // (issued vs redeemed, discounts on real visits), not 0% everywhere.
  await tx.run(async (em) => {
    const issuedAt = dayjs(now).subtract(25, 'day').toDate();
    const validTo = dayjs(issuedAt).add(40, 'day').toDate();
    const ranks = new Map((await em.find(Tier)).map((t) => [t.id, t.rank]));
    const templates = new Map(
      (
        await em.find(CouponTemplate, { where: { id: In([templateIds[0], templateIds[2], templateIds[6]]) } })
      ).map((t) => [t.id, t]),
    );
    const rows: Coupon[] = [];
    const held: Member[] = [];
    for (let i = 1; i < Math.min(count, 600); i++) {
      // Every fifth member is the holdout: no coupon, compared against the rest.
      if (i % 5 === 0) {
        held.push(members[i]);
        continue;
      }
      const tid = templateIds[i % 3 === 0 ? 0 : i % 3 === 1 ? 2 : 6];
      const coupon: Coupon = {
        id: demoId(9, i),
        code: newCouponCode(),
        templateId: tid,
        memberId: members[i].id,
        status: 'AVAILABLE',
        validFrom: issuedAt,
        validTo,
        issuedAt,
        issueChannel: 'CAMPAIGN',
        issueRef: DEMO_CAMPAIGN_ID,
        usedAt: null,
        usedStoreId: null,
        usedVisitId: null,
        usedByStaffId: null,
        lockedPaymentId: null,
      };
      // The member's first bill after the campaign, if the coupon applied to it.
      const next = await em.findOne(Visit, {
        where: { memberId: members[i].id, occurredAt: MoreThan(issuedAt), status: 'OK' },
        order: { occurredAt: 'ASC' },
      });
      const rule = ruleOf(templates.get(tid)!, ranks);
      const off =
        next && (!rule.thresholdFen || next.amountFen >= rule.thresholdFen)
          ? couponDiscount(rule, next.amountFen)
          : 0;
      if (next && off > 0 && rnd() < 0.7) {
        Object.assign(coupon, {
          status: 'USED',
          usedAt: next.occurredAt,
          usedStoreId: next.storeId,
          usedVisitId: next.id,
        });
        await em.update(
          Visit,
          { id: next.id },
          { discountFen: off, paidFen: next.amountFen - off, couponCodes: [coupon.code], couponCount: 1 },
        );
      }
      rows.push(coupon);
    }
    await chunks(em, Coupon, rows);
    // The campaign itself, as a run would have left it: the members who got a coupon (TREATED) and
    // the holdout who got nothing — so its results page shows the uplift against them.
    const holdout = held;
    await em.insert(Campaign, {
      id: DEMO_CAMPAIGN_ID,
      name: '双十一回馈',
      audience: { all: true },
      templateId: templateIds[0],
      couponCount: 1,
      smsText: null,
      wechat: false,
      holdoutPercent: 20,
      state: 'DONE',
      cursor: '',
      expectedAudience: rows.length + holdout.length,
      audienceCount: rows.length + holdout.length,
      holdoutCount: holdout.length,
      treatedCount: rows.length,
      couponsIssued: rows.length,
      smsQueued: 0,
      wechatQueued: 0,
      excludedConsent: 0,
      excludedCap: 0,
      excludedStock: 0,
      failure: null,
      approvedBy: null,
      scheduledAt: null,
      createdAt: issuedAt,
      startedAt: issuedAt,
      finishedAt: issuedAt,
      updatedAt: issuedAt,
    });
    await chunks(em, CampaignDelivery, [
      ...rows.map((r, i) => ({
        id: demoId(10, i + 1),
        campaignId: DEMO_CAMPAIGN_ID,
        memberId: r.memberId,
        occurrence: '',
        grp: 'TREATED' as const,
        createdAt: issuedAt,
      })),
      ...holdout.map((m, i) => ({
        id: demoId(11, i + 1),
        campaignId: DEMO_CAMPAIGN_ID,
        memberId: m.id,
        occurrence: '',
        grp: 'HOLDOUT' as const,
        createdAt: issuedAt,
      })),
    ]);
    for (const tid of new Set(rows.map((r) => r.templateId))) {
      const n = rows.filter((r) => r.templateId === tid).length;
      await em
        .createQueryBuilder()
        .update(CouponTemplate)
        .set({ issuedCount: () => `issued_count + ${n}` })
        .where({ id: tid })
        .execute();
    }
  });
  // The insight the dashboard, segments and member pages read (DESIGN.md §3), as of today.
  await app.get(InsightsService).refresh();
  await seedAutomations(app, tx, templateIds, now);
  return {
    skipped: false,
    stores: STORES.length,
    members: count,
    visits: visits.length,
    posKey: DEMO_POS_KEY,
    ms: Date.now() - started,
  };
}

/**
 * The automations a chain starts with: the return coupon three days after a first visit (seed 001's
 * 首购后3天), switched on a month ago and replayed day by day so its results page has a month of
 * firings against its holdout; a birthday greeting; win-back and points reminders left off (a demo
 * should not message everybody the moment it starts).
 */
async function seedAutomations(
  app: INestApplicationContext,
  tx: TransactionRunner,
  templateIds: string[],
  now: Date,
): Promise<void> {
  const svc = app.get(AutomationsService);
  const monthAgo = dayjs(now).subtract(30, 'day');
  const firstVisit = await svc.create(
    {
      name: '首购后3天回头券',
      trigger: 'FIRST_VISIT',
      params: { days: 3 },
      coupon: { templateId: templateIds[1], count: 1 },
      holdoutPercent: 20,
      enabled: true,
    },
    true,
  );
  await tx.run((em) => em.update(Automation, { id: firstVisit.id }, { enabledAt: monthAgo.toDate() }));
  const replay = await svc.get(firstVisit.id);
  for (let d = 29; d >= 0; d--) await svc.fire(replay, dayjs(now).subtract(d, 'day').toDate());
  await svc.create(
    {
      name: '生日前3天祝福',
      trigger: 'BIRTHDAY',
      params: { days: 3 },
      coupon: { templateId: templateIds[1], count: 1 },
      sms: { text: '{name}，生日快乐！送您无门槛10元券，{expiry}前到店可用' },
      holdoutPercent: 10,
      enabled: true,
    },
    true,
  );
  await svc.create(
    {
      name: '沉睡60天唤醒',
      trigger: 'WIN_BACK',
      params: { dormantDays: 60, pAliveBelowPercent: 30 },
      coupon: { templateId: templateIds[0], count: 1 },
      holdoutPercent: 20,
    },
    true,
  );
  await svc.create(
    {
      name: '积分到期提醒',
      trigger: 'POINTS_EXPIRING',
      params: { days: 30 },
      sms: { text: '{name}您好，您有{points}积分将于{expiry}到期，可在小程序兑换好礼' },
    },
    true,
  );
}
