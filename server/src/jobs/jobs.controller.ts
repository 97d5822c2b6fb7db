import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { StaffAuth } from '../auth/guards';
import { JobQueueService } from './job-queue.service';
import { JobRun } from './job-run.entity';
import { JOB_ATTEMPTS, JOB_LABELS, SchedulerService } from './scheduler.service';

export class JobRunDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: '任务的中文名' }) label: string;
  @ApiProperty({ description: '哪一次：日期，或 5 分钟 / 1 分钟的时段' }) occurrence: string;
  @ApiProperty({ enum: ['RUNNING', 'DONE', 'FAILED'] }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ nullable: true, type: String }) retryAt: string | null;
  @ApiProperty() instance: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class JobsOverviewDto {
  @ApiProperty({ description: 'bullmq：Redis 队列（多实例）；in-process：单机定时器' }) engine: string;
  @ApiProperty({ description: '定时任务是否在本部署运行（SCHEDULER）' }) scheduling: boolean;
  @ApiProperty({ type: [JobRunDto], description: '每个任务最近一次，加上近 7 天失败的' }) items: JobRunDto[];
}

/** Head office sees the background work: each job's last run, what failed and when it retries. */
@ApiTags('jobs')
@Controller('admin/jobs')
@StaffAuth('HQ_ADMIN', 'MARKETER')
export class JobsController {
  constructor(
    private readonly ds: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly queue: JobQueueService,
  ) {}

  @Get()
  @ApiOkResponse({ type: JobsOverviewDto })
  async overview(): Promise<JobsOverviewDto> {
    const repo = this.ds.getRepository(JobRun);
    const names = this.scheduler.jobs.map((j) => j.name);
    const latest = (
      await Promise.all(names.map((name) => repo.findOne({ where: { name }, order: { startedAt: 'DESC' } })))
    ).filter((r): r is JobRun => !!r);
    const failed = await repo.find({
      where: {
        name: In(names),
        state: 'FAILED',
        startedAt: MoreThanOrEqual(new Date(Date.now() - 7 * 86_400_000)),
      },
      order: { startedAt: 'DESC' },
      take: 50,
    });
    const rows = [...latest, ...failed.filter((f) => !latest.some((l) => l.id === f.id))];
    return {
      engine: this.queue.active ? 'bullmq' : 'in-process',
      scheduling: this.scheduler.scheduling,
      items: rows.map((r) => ({
        name: r.name,
        label: JOB_LABELS[r.name] ?? r.name,
        occurrence: r.occurrence,
        state: r.state,
        attempts: r.attempts,
        maxAttempts: this.scheduler.jobs.find((j) => j.name === r.name)?.at ? JOB_ATTEMPTS : 1,
        retryAt: r.retryAt?.toISOString() ?? null,
        instance: r.instance,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        error: r.error,
      })),
    };
  }
}
