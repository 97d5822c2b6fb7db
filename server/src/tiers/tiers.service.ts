import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager } from 'typeorm';
import { Member } from '../members/entities/member.entity';
import { MemberErrors } from '../members/members.errors';
import { SettingsService } from '../settings/settings.service';
import { Visit } from '../visits/entities/visit.entity';
import { afterQuietHours, renderSms } from '../campaigns/delivery';
import { SmsMessage } from '../campaigns/entities/campaign.entity';
import { newId } from '../common/ids';
import { insertStatement } from '../database/bulk-insert';
import { sqlValue } from '../database/lean-select';
import type { WriteBatch } from '../database/write-batch';
import type { TransactionRunner } from '../database/transaction-runner';
import { TierChange } from './entities/tier-change.entity';
import { Tier } from './entities/tier.entity';
import { allTiers } from './all-tiers';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The one tier a fresh database starts with, so members can join and be imported at once. */
export const DEFAULT_TIER = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'NORMAL',
  name: '普通会员',
  rank: 1,
  thresholdFen: 0,
  pointsMultiplierPercent: 100,
};

@Injectable()
export class TiersService implements OnApplicationBootstrap {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** A fresh database gets default settings and the default tier (idempotent across instances). */
  async onApplicationBootstrap(): Promise<void> {
    await this.settings.get();
    if (await this.ds.getRepository(Tier).exists()) return;
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(Tier)
      .values({ ...DEFAULT_TIER, benefits: null, createdAt: new Date() })
      .orIgnore()
      .execute();
  }

  /** Inserts tiers, updating in place those whose code already exists (the default tier). */
  static async upsertByCode(em: EntityManager, tiers: Omit<Tier, 'createdAt'>[], now: Date): Promise<Tier[]> {
    const out: Tier[] = [];
    for (const t of tiers) {
      const existing = await em.findOne(Tier, { where: { code: t.code } });
      if (existing) {
        const { id: _ignored, ...rest } = t;
        await em.update(Tier, { id: existing.id }, rest);
        out.push({ ...existing, ...rest });
      } else {
        const row = { ...t, createdAt: now };
        await em.insert(Tier, row);
        out.push(row);
      }
    }
    return out;
  }

  list(em: EntityManager = this.ds.manager): Promise<Tier[]> {
    return allTiers(em);
  }

  /** Growth value: what the member paid over the rolling window, voided bills excluded. */
  /** Where the growth value's window starts (visits since then count). */
  async growthSince(em: EntityManager, now: Date): Promise<Date> {
    const { tierWindowMonths } = await this.settings.get(em);
    return dayjs(now).subtract(tierWindowMonths, 'month').toDate();
  }

  async growthFen(em: EntityManager, memberId: string, now: Date): Promise<number> {
    const since = await this.growthSince(em, now);
    const [row] = (await em.query(
      "SELECT COALESCE(SUM(paid_fen), 0) AS total FROM visit WHERE member_id = ? AND status = 'OK' AND occurred_at >= ?",
      [memberId, sqlValue(em, Visit, 'occurredAt', since)],
    )) as { total: string | number }[];
    return Number(row?.total ?? 0);
  }

  /** Highest tier whose threshold the growth value reaches. */
  static tierFor(tiers: Tier[], growthFen: number): Tier {
    const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
    return sorted.filter((t) => t.thresholdFen <= growthFen).pop() ?? sorted[0];
  }

  /**
   * Upgrades are immediate (called inside checkout's transaction). Downgrades are not done here:
   * they happen at the periodic evaluation after a warning and a grace period.
   * Returns the new tier when the member moved up.
   *
   * `growthFen`: the member's growth value when the caller already read it (the till's look-up).
   * `batch`: the caller holds the member's row lock (the till's locking look-up) and sends its writes
   * in one round trip — the move goes with them instead of two statements of its own (a bill that
   * upgrades was two round trips slower than any other: the till's slowest 3%).
   */
  async upgradeIfEarned(
    em: EntityManager,
    member: Member,
    now: Date,
    growthFen?: number,
    batch?: WriteBatch,
  ): Promise<Tier | null> {
    const tiers = await this.list(em);
    const current = tiers.find((t) => t.id === member.tierId);
    // Already at the top: no growth sum to read (one statement less on their bills).
    if (current && !tiers.some((t) => t.rank > current.rank)) return null;
    const target = TiersService.tierFor(tiers, growthFen ?? (await this.growthFen(em, member.id, now)));
    if (current && target.rank <= current.rank) return null;
    const change = current && {
      id: newId(),
      memberId: member.id,
      fromTierId: current.id,
      toTierId: target.id,
      direction: 'UP' as const,
      createdAt: now,
    };
    if (batch) {
      batch.add({
        sql: 'UPDATE member SET tier_id = ?, tier_downgrade_at = NULL, updated_at = ? WHERE id = ?',
        params: [target.id, sqlValue(em, Member, 'updatedAt', now), member.id],
        expect: { rows: 1, error: () => MemberErrors.MEMBER_NOT_FOUND() },
      });
      if (change) batch.add(insertStatement(em, TierChange, [change]));
    } else {
      await em.update(
        Member,
        { id: member.id },
        { tierId: target.id, tierDowngradeAt: null, updatedAt: now },
      );
      if (change) await em.insert(TierChange, change);
    }
    member.tierId = target.id;
    return target;
  }

  /**
   * The periodic evaluation (nightly): a member whose growth value no longer holds the tier is
   * warned — an SMS (with consent; quiet hours respected) saying by when and how much more keeps
   * it — and moved down after the grace period unless the growth recovers meanwhile (then the
   * pending move is cancelled). Upgrades found here (e.g. after an import) happen at once.
   */
  async evaluate(
    tx: TransactionRunner,
    now = new Date(),
    /** Whether an SMS provider is configured (no notice is queued that could never leave). */
    smsAvailable = true,
  ): Promise<{ warned: number; downgraded: number; upgraded: number; recovered: number }> {
    const settings = await this.settings.get();
    const tiers = await this.list();
    const lowest = [...tiers].sort((a, b) => a.rank - b.rank)[0];
    const since = dayjs(now).subtract(settings.tierWindowMonths, 'month').toDate();
    const out = { warned: 0, downgraded: 0, upgraded: 0, recovered: 0 };
    let cursor = '';
    for (;;) {
      const batch = await this.ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .select(['m.id', 'm.tierId', 'm.tierDowngradeAt', 'm.name', 'm.phone', 'm.consentSms'])
        .where('m.deleted_at IS NULL AND m.id > :cursor', { cursor })
        .andWhere('(m.tier_id <> :lowest OR m.tier_downgrade_at IS NOT NULL)', { lowest: lowest.id })
        .orderBy('m.id', 'ASC')
        .take(500)
        .getMany();
      if (!batch.length) break;
      cursor = batch[batch.length - 1].id;
      const growth = new Map<string, number>();
      const rows = (await this.ds
        .getRepository(Visit)
        .createQueryBuilder('v')
        .select('v.member_id', 'memberId')
        .addSelect('COALESCE(SUM(v.paid_fen), 0)', 'total')
        .where("v.member_id IN (:...ids) AND v.status = 'OK' AND v.occurred_at >= :since", {
          ids: batch.map((m) => m.id),
          since,
        })
        .groupBy('v.member_id')
        .getRawMany()) as { memberId: string; total: string | number }[];
      for (const r of rows) growth.set(r.memberId, Number(r.total));
      await tx.run(async (em) => {
        const sms: SmsMessage[] = [];
        for (const m of batch) {
          const current = tiers.find((t) => t.id === m.tierId) ?? lowest;
          const g = growth.get(m.id) ?? 0;
          const earned = TiersService.tierFor(tiers, g);
          if (earned.rank >= current.rank) {
            if (earned.rank > current.rank) {
              await this.upgradeIfEarned(em, m, now);
              out.upgraded++;
            } else if (m.tierDowngradeAt) {
              await em.update(Member, { id: m.id }, { tierDowngradeAt: null, updatedAt: now });
              out.recovered++;
            }
            continue;
          }
          if (!m.tierDowngradeAt) {
            const at = dayjs(now).add(settings.tierGraceDays, 'day').toDate();
            await em.update(Member, { id: m.id }, { tierDowngradeAt: at, updatedAt: now });
            out.warned++;
            if (smsAvailable && m.consentSms && m.phone)
              sms.push({
                id: newId(),
                memberId: m.id,
                campaignId: null,
                phone: m.phone,
                text: renderSms(
                  `{name}您好，您的${current.name}资格将于{date}到期，到期前再消费{gap}元即可保留。`,
                  m,
                  undefined,
                  settings.timeZone,
                  {
                    date: dayjs(at).tz(settings.timeZone).format('M月D日'),
                    gap: ((current.thresholdFen - g) / 100).toFixed(0),
                  },
                ),
                kind: 'NOTICE',
                status: 'QUEUED',
                attempts: 0,
                sendAfter: afterQuietHours(now, settings),
                createdAt: now,
                sentAt: null,
                providerRef: null,
                error: null,
              });
          } else if (m.tierDowngradeAt <= now) {
            await em.update(
              Member,
              { id: m.id },
              { tierId: earned.id, tierDowngradeAt: null, updatedAt: now },
            );
            await em.insert(TierChange, {
              id: newId(),
              memberId: m.id,
              fromTierId: current.id,
              toTierId: earned.id,
              direction: 'DOWN',
              createdAt: now,
            });
            out.downgraded++;
          }
        }
        if (sms.length) await em.insert(SmsMessage, sms);
      });
    }
    return out;
  }
}
