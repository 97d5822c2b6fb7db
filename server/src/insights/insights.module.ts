import { Module } from '@nestjs/common';
import { InsightClustersService } from './insight-clusters.service';
import { InsightSummaryService } from './insight-summary.service';
import { InsightsController } from './insights.controller';
import { InsightsService } from './insights.service';

@Module({
  controllers: [InsightsController],
  providers: [InsightsService, InsightClustersService, InsightSummaryService],
  exports: [InsightsService, InsightClustersService],
})
export class InsightsModule {}
