import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeSegmentFilter, LIFECYCLE_LABELS, maskPhone, type SegmentFilter } from '@tableside/shared';
import type { StaffPrincipal } from '../auth/principals';
import { AuditService } from '../audit/audit.service';
import { newId } from '../common/ids';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import { Tier } from '../tiers/entities/tier.entity';
import { Store } from '../stores/entities/store.entity';
import { Segment } from './entities/segment.entity';
import { applySegmentFilter, countsOnInsightAlone, SegmentErrors } from './segment-compiler';
import type { SegmentDto, SegmentInputDto, SegmentPreviewDto } from './segments.dto';

const toDto = (s: Segment, names: Record<string, string>): SegmentDto => ({
  id: s.id,
  name: s.name,
  description: s.description,
  filter: s.filter,
  summary: describeSegmentFilter(s.filter, names),
  ownerName: s.ownerName,
  updatedAt: s.updatedAt.toISOString(),
});

/** Saved segments and the live preview the builder shows while a marketer edits a filter. */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** Tier and store codes → the names people know, for the filter's description. */
  async names(): Promise<Record<string, string>> {
    const tiers = await this.ds.getRepository(Tier).find();
    const stores = await this.ds.getRepository(Store).find();
    return Object.fromEntries([
      ...tiers.map((t) => [t.code, t.name]),
      ...stores.map((x) => [x.code, x.name]),
    ]);
  }

  /** Members (not deleted) matching the filter, as a query to count, sample or page. */
  async members(filter: SegmentFilter) {
    const { timeZone } = await this.settings.get();
    const qb = this.ds.getRepository(Member).createQueryBuilder('m').where('m.deleted_at IS NULL');
    return applySegmentFilter(qb, filter, timeZone);
  }

  /** How many members match: a plain COUNT(*) (the insight join is one row per member). */
  async count(filter: SegmentFilter): Promise<number> {
    const { timeZone } = await this.settings.get();
    // Only stored figures: count their rows alone (a covering index answers without reading rows).
    const qb = countsOnInsightAlone(filter)
      ? applySegmentFilter(
          this.ds.createQueryBuilder().select('COUNT(*)', 'n').from('member_insight', 'mi'),
          filter,
          timeZone,
          { insightOnly: true },
        )
      : (await this.members(filter)).select('COUNT(*)', 'n');
    const row = await qb.getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  /** Count, a sample and the RFM / lifecycle make-up — what the builder shows as you type. */
  async preview(filter: SegmentFilter): Promise<SegmentPreviewDto> {
    const base = await this.members(filter);
    const count = await this.count(filter);
    const sample = await base.clone().orderBy('m.created_at', 'DESC').take(5).getMany();
    const tiers = new Map((await this.ds.getRepository(Tier).find()).map((t) => [t.id, t.name]));
    const withInsight = (await this.members(filter)).leftJoin(
      'member_insight',
      'mix',
      'mix.member_id = m.id',
    );
    const byLifecycle = await withInsight
      .clone()
      .select('COALESCE(mix.lifecycle, :none)', 'k')
      .addSelect('COUNT(*)', 'n')
      .setParameter('none', 'NONE')
      .groupBy('COALESCE(mix.lifecycle, :none)')
      .getRawMany<{ k: string; n: string | number }>();
    const byRfm = await withInsight
      .clone()
      .select('mix.rfm_segment', 'k')
      .addSelect('COUNT(*)', 'n')
      .andWhere('mix.rfm_segment IS NOT NULL')
      .groupBy('mix.rfm_segment')
      .getRawMany<{ k: string; n: string | number }>();
    return {
      count,
      summary: describeSegmentFilter(filter, await this.names()),
      sample: sample.map((m) => ({
        id: m.id,
        name: m.name,
        phone: m.phone ? maskPhone(m.phone) : null,
        tierName: tiers.get(m.tierId) ?? '',
      })),
      lifecycle: byLifecycle.map((r) => ({ name: LIFECYCLE_LABELS[r.k] ?? r.k, count: Number(r.n) })),
      rfm: byRfm.map((r) => ({ name: r.k, count: Number(r.n) })),
    };
  }

  async list(): Promise<SegmentDto[]> {
    const names = await this.names();
    return (await this.ds.getRepository(Segment).find({ order: { updatedAt: 'DESC' } })).map((x) =>
      toDto(x, names),
    );
  }

  async get(id: string): Promise<Segment> {
    const s = await this.ds.getRepository(Segment).findOne({ where: { id } });
    if (!s) throw SegmentErrors.NOT_FOUND();
    return s;
  }

  async save(staff: StaffPrincipal, input: SegmentInputDto, id?: string): Promise<SegmentDto> {
    await this.members(input.filter); // validates (400 with the problems in Chinese)
    const now = new Date();
    const repo = this.ds.getRepository(Segment);
    const row: Segment = id
      ? {
          ...(await this.get(id)),
          name: input.name,
          description: input.description ?? null,
          filter: input.filter,
          updatedAt: now,
        }
      : {
          id: newId(),
          name: input.name,
          description: input.description ?? null,
          filter: input.filter,
          ownerStaffId: staff.id,
          ownerName: staff.name,
          createdAt: now,
          updatedAt: now,
        };
    await repo.save(row);
    await this.audit.record(staff, {
      action: id ? 'segment.update' : 'segment.create',
      targetType: 'segment',
      targetId: row.id,
      detail: { name: row.name, 条件: describeSegmentFilter(row.filter, await this.names()) },
    });
    return toDto(row, await this.names());
  }

  async remove(staff: StaffPrincipal, id: string): Promise<void> {
    const s = await this.get(id);
    await this.ds.getRepository(Segment).delete({ id });
    await this.audit.record(staff, {
      action: 'segment.delete',
      targetType: 'segment',
      targetId: id,
      detail: { name: s.name },
    });
  }
}
