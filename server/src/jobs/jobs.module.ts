import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { InsightsModule } from '../insights/insights.module';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [InsightsModule, CampaignsModule],
  providers: [SchedulerService],
  exports: [SchedulerService],
})
export class JobsModule {}
