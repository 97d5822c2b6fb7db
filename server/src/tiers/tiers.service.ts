import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import dayjs from 'dayjs';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import { Visit } from '../visits/entities/visit.entity';
import { Tier } from './entities/tier.entity';

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
    return em.find(Tier, { order: { rank: 'ASC' } });
  }

  /** Growth value: what the member paid over the rolling window, voided bills excluded. */
  async growthFen(em: EntityManager, memberId: string, now: Date): Promise<number> {
    const { tierWindowMonths } = await this.settings.get(em);
    const since = dayjs(now).subtract(tierWindowMonths, 'month').toDate();
    const row = await em
      .createQueryBuilder(Visit, 'v')
      .select('COALESCE(SUM(v.paidFen), 0)', 'total')
      .where({ memberId, status: 'OK', occurredAt: MoreThanOrEqual(since) })
      .getRawOne<{ total: string | number }>();
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
   */
  async upgradeIfEarned(em: EntityManager, member: Member, now: Date): Promise<Tier | null> {
    const tiers = await this.list(em);
    const current = tiers.find((t) => t.id === member.tierId);
    const target = TiersService.tierFor(tiers, await this.growthFen(em, member.id, now));
    if (current && target.rank <= current.rank) return null;
    await em.update(Member, { id: member.id }, { tierId: target.id, updatedAt: now });
    member.tierId = target.id;
    return target;
  }
}
