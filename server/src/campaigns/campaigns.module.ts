import { Module } from '@nestjs/common';
import { SegmentsModule } from '../segments/segments.module';
import { CampaignsService } from './campaigns.service';

@Module({ imports: [SegmentsModule], providers: [CampaignsService], exports: [CampaignsService] })
export class CampaignsModule {}
