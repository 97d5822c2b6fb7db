import { Module } from '@nestjs/common';
import { AutomationsModule } from '../automations/automations.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { PointsModule } from '../points/points.module';
import { PaymentsModule } from '../payments/payments.module';
import { CouponsModule } from '../coupons/coupons.module';
import { TiersModule } from '../tiers/tiers.module';
import { InsightsModule } from '../insights/insights.module';
import { JobQueueService } from './job-queue.service';
import { JobsController } from './jobs.controller';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [
    InsightsModule,
    CampaignsModule,
    AutomationsModule,
    PointsModule,
    TiersModule,
    PaymentsModule,
    CouponsModule,
  ],
  controllers: [JobsController],
  providers: [SchedulerService, JobQueueService],
  exports: [SchedulerService, JobQueueService],
})
export class JobsModule {}
