import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { CampaignsService } from '../campaigns/campaigns.service';
import { Campaign } from '../campaigns/entities/campaign.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { SchedulerService } from './scheduler.service';

/** Attempts for a campaign run before it is left FAILED for a person to resume. */
export const RUN_ATTEMPTS = 5;

/**
 * With REDIS_URL (production): BullMQ carries the work. The scheduler's tick is a repeatable job —
 * one per interval for the whole deployment, not one per instance — and campaign runs are queued
 * jobs any instance's worker takes, retried with exponential backoff, reporting progress. The
 * durable state stays in the database (job_run claims, the campaign cursor, unique delivery rows),
 * so a lost or repeated job never issues twice. Without Redis the scheduler ticks in-process.
 */
@Injectable()
export class JobQueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueueService.name);
  private queue: Queue | null = null;
  private worker: Worker | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly scheduler: SchedulerService,
    private readonly campaigns: CampaignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get active(): boolean {
    return this.queue !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl || !this.config.scheduler) return;
    const url = new URL(this.config.redisUrl);
    const connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      maxRetriesPerRequest: null,
    };
    const prefix = this.config.queuePrefix;
    this.queue = new Queue('jobs', { connection, prefix });
    this.worker = new Worker('jobs', (job) => this.handle(job), { connection, prefix, concurrency: 4 });
    this.worker.on('failed', (job, err) => void this.failed(job, err));
    this.worker.on('error', (err) => this.logger.warn(`队列连接出错：${err.message}`));
    // The tick as one repeatable job for the deployment (upsert: every instance may say it, once it is).
    await this.queue.upsertJobScheduler(
      'tick',
      { every: this.config.schedulerTickMs },
      { name: 'tick', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.scheduler.useQueue();
    this.campaigns.enqueueRun = (id) => this.enqueueRun(id);
  }

  /**
   * Before the database closes: take no new job and let the running ones finish their batch (a job
   * cut short anyway is taken up again by another worker; the cursor says where).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }

  async enqueueRun(id: string): Promise<void> {
    await this.queue!.add(
      'campaign.run',
      { id },
      {
        jobId: `campaign-${id}`,
        attempts: RUN_ATTEMPTS,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  private async handle(job: Job): Promise<unknown> {
    if (job.name === 'tick') return this.scheduler.tick();
    if (job.name === 'campaign.run') {
      const { id } = job.data as { id: string };
      return this.campaigns.run(id, {
        onBatch: (c) =>
          void job
            .updateProgress(c.expectedAudience ? Math.floor((c.audienceCount / c.expectedAudience) * 100) : 0)
            .catch(() => undefined),
      });
    }
    throw new Error(`unknown job ${job.name}`);
  }

  /** A failed run is visible on the campaign: retrying, or stopped for a person to resume. */
  private async failed(job: Job | undefined, err: Error): Promise<void> {
    if (!job || job.name !== 'campaign.run') {
      this.logger.warn(`任务 ${job?.name ?? '?'} 失败：${err.message}`);
      return;
    }
    const { id } = job.data as { id: string };
    const final = job.attemptsMade >= RUN_ATTEMPTS;
    await this.tx
      .run((em) =>
        em.update(
          Campaign,
          { id },
          {
            ...(final ? { state: 'FAILED' as const } : {}),
            failure: final
              ? `发送中断（已重试 ${RUN_ATTEMPTS} 次），可点「继续发送」从中断处继续`
              : `发送出错，第 ${job.attemptsMade} 次，稍后自动重试`,
            updatedAt: new Date(),
          },
        ),
      )
      .catch(() => undefined);
  }
}
