import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImportsModule } from '../imports/imports.module';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { TiersModule } from '../tiers/tiers.module';
import { SegmentsModule } from '../segments/segments.module';
import { InsightsModule } from '../insights/insights.module';
import { AdminController } from './admin.controller';
import { AuditViewService } from './audit-view.service';
import { ChainRulesService } from './chain-rules.service';
import { DashboardService } from './dashboard.service';
import { MemberAdminService } from './member-admin.service';
import { StoreAdminService } from './store-admin.service';
import { ImportJobsService } from './import-jobs.service';

@Module({
  imports: [
    AuditModule,
    ImportsModule,
    MembersModule,
    PointsModule,
    TiersModule,
    SegmentsModule,
    InsightsModule,
  ],
  controllers: [AdminController],
  providers: [
    MemberAdminService,
    DashboardService,
    AuditViewService,
    StoreAdminService,
    ChainRulesService,
    ImportJobsService,
  ],
})
export class AdminModule {}
