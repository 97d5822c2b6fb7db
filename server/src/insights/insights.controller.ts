import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { In, DataSource } from 'typeorm';
import { LIFECYCLE_LABELS, maskPhone } from '@tableside/shared';
import { AuthErrors } from '../auth/auth.errors';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { canActOnStore, isHq, type StaffPrincipal } from '../auth/principals';
import { AppError } from '../common/app-error';
import { Member } from '../members/entities/member.entity';
import { InsightClustersService } from './insight-clusters.service';
import { InsightSummaryService } from './insight-summary.service';
import { ClusterDto, InsightOverviewDto, InsightOverviewQueryDto, RenameClusterDto } from './insights.dto';

/** The dashboard's insight (stored figures of the last refresh) and the clusters staff may name. */
@ApiTags('insights')
@Controller('admin/insights')
export class InsightsController {
  constructor(
    private readonly ds: DataSource,
    private readonly summary: InsightSummaryService,
    private readonly clusters: InsightClustersService,
  ) {}

  @Get('overview')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: InsightOverviewDto })
  async overview(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() q: InsightOverviewQueryDto,
  ): Promise<InsightOverviewDto> {
    let storeId = q.storeId ?? null;
    if (storeId && !canActOnStore(staff, storeId)) throw AuthErrors.STORE_FORBIDDEN();
    if (!storeId && !isHq(staff)) {
      storeId = staff.storeIds[0] ?? null;
      if (!storeId) throw AuthErrors.STORE_FORBIDDEN();
    }
    const stored = await this.summary.read(storeId);
    if (!stored)
      return {
        asOf: null,
        refreshedAt: null,
        members: 0,
        withVisits: 0,
        lifecycle: Object.entries(LIFECYCLE_LABELS).map(([key, label]) => ({
          key,
          label,
          count: 0,
          prevCount: 0,
        })),
        transitions: [],
        rfm: [],
        loyalty: [],
        clusters: [],
        intervals: [],
        atRisk: [],
      };
    const d = stored.data;
    const names = await this.clusters.list();
    const byKey = new Map(names.map((c) => [c.key, c]));
    const ids = d.atRisk.map((r) => r.memberId);
    const members = ids.length
      ? await this.ds
          .getRepository(Member)
          .find({ where: { id: In(ids) }, select: { id: true, name: true, phone: true, deletedAt: true } })
      : [];
    const who = new Map(members.map((m) => [m.id, m]));
    return {
      asOf: d.asOf,
      refreshedAt: stored.updatedAt.toISOString(),
      members: d.members,
      withVisits: d.withVisits,
      lifecycle: d.lifecycle,
      transitions: d.transitions.sort((a, b) => b.count - a.count),
      rfm: d.rfm,
      loyalty: d.loyalty,
      clusters: d.clusters
        .filter((c) => byKey.has(c.key))
        .map((c) => ({
          key: c.key,
          name: byKey.get(c.key)!.name,
          description: byKey.get(c.key)!.description,
          count: c.count,
        }))
        .sort((a, b) => b.count - a.count),
      intervals: d.intervals,
      // Members who left since the refresh are not shown.
      atRisk: d.atRisk
        .filter((r) => who.has(r.memberId) && !who.get(r.memberId)!.deletedAt)
        .map((r) => ({
          ...r,
          name: who.get(r.memberId)!.name ?? '',
          phone: who.get(r.memberId)!.phone ? maskPhone(who.get(r.memberId)!.phone!) : '',
        })),
    };
  }

  @Get('clusters')
  @StaffAuth('HQ_ADMIN', 'MARKETER', 'STORE_MANAGER')
  @ApiOkResponse({ type: [ClusterDto] })
  list(): Promise<ClusterDto[]> {
    return this.clusters.list();
  }

  @Put('clusters/:key')
  @StaffAuth('HQ_ADMIN', 'MARKETER')
  @ApiOkResponse({ type: ClusterDto })
  rename(@Param('key') key: string, @Body() dto: RenameClusterDto): Promise<ClusterDto> {
    const name = dto.name ?? '';
    if (name !== '' && name.trim() === '')
      throw new AppError('VALIDATION_FAILED', 400, '人群名称不能只有空格', { field: 'name' });
    if (key.length > 32) throw new AppError('INSIGHT_CLUSTER_NOT_FOUND', 404, '该聚类人群不存在');
    return this.clusters.rename(key, name.trim() || null, dto.description?.trim() || null);
  }
}
