import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Inject,
} from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service';
import { SmsService } from '../sms/sms.service';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import { PaymentsService } from '../payments/payments.service';
import { FlashSaleService } from '../coupons/flash-sale.service';
import { Campaign } from '../campaigns/entities/campaign.entity';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { InsightsService } from '../insights/insights.service';
import { SettingsService } from '../settings/settings.service';
import { AutomationsService } from '../automations/automations.service';
import { PointsService } from '../points/points.service';
import { TiersService } from '../tiers/tiers.service';
import { JobRun } from './job-run.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Attempts of a daily job's occurrence before it is left FAILED (visible in admin). */
export const JOB_ATTEMPTS = 3;

/** What people call each job (admin). */
export const JOB_LABELS: Record<string, string> = {
  'automations.sweep': '自动营销检查',
  'sms.dispatch': '短信发送与回执',
  'wechat.dispatch': '微信订阅消息发送',
  'payments.reconcile': '微信支付对账（补查漏单、关闭超时订单、重试退款）',
  'coupons.flash-reconcile': '秒杀券核对（Redis 与数据库一致、补写中断的领取）',
  'campaigns.due': '定时营销活动',
  'points.expire': '积分到期清理',
  'tiers.evaluate': '会员等级评估',
  'insights.refresh': '会员洞察刷新',
  'jobs.cleanup': '任务记录清理',
};

export interface ScheduledJob {
  name: string;
  /** Daily: business-time HH:mm from which the day's occurrence is due. */
  at?: string;
  /** Or every N minutes (an occurrence per slot of N minutes). */
  everyMinutes?: number;
  run: () => Promise<unknown>;
}

/**
 * Daily jobs that fire once across every server instance: each instance checks once a minute, and
 * the occurrence row (unique name + business date) decides which one runs it. Campaign runs left
 * RUNNING by a stopped process are resumed at boot (sharing a run is safe, see CampaignsService).
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private timer: NodeJS.Timeout | null = null;
  /** Ticks in progress (a long daily job does not hold up the minute jobs, so they may overlap). */
  private readonly running = new Set<Promise<void>>();
  private readonly instance = `${hostname()}:${process.pid}`.slice(0, 80);
  readonly jobs: ScheduledJob[];

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
    private readonly insights: InsightsService,
    private readonly campaigns: CampaignsService,
    private readonly automations: AutomationsService,
    private readonly points: PointsService,
    private readonly tiers: TiersService,
    private readonly sms: SmsService,
    private readonly wechat: WechatMessagesService,
    private readonly payments: PaymentsService,
    private readonly flash: FlashSaleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.jobs = [
      { name: 'automations.sweep', everyMinutes: 5, run: () => this.automations.sweep() },
      { name: 'sms.dispatch', everyMinutes: 1, run: () => this.sms.dispatch() },
      { name: 'wechat.dispatch', everyMinutes: 1, run: () => this.wechat.dispatch() },
      { name: 'campaigns.due', everyMinutes: 1, run: () => this.campaigns.startDue() },
      { name: 'payments.reconcile', everyMinutes: 1, run: () => this.payments.reconcile() },
      { name: 'coupons.flash-reconcile', everyMinutes: 1, run: () => this.flash.reconcile() },
      { name: 'points.expire', at: '02:00', run: () => this.points.expireAllDue(this.tx) },
      {
        name: 'tiers.evaluate',
        at: '02:30',
        run: () => this.tiers.evaluate(this.tx, new Date(), this.sms.available),
      },
      { name: 'insights.refresh', at: '03:00', run: () => this.insights.refresh() },
      { name: 'jobs.cleanup', at: '04:00', run: () => this.cleanup() },
    ];
  }

  /** The server schedules; the CLI and the tests call `tick` themselves. */
  onApplicationBootstrap(): void {
    if (!this.config.scheduler) return;
    // With Redis the queue drives the tick (see JobQueueService.useQueue); until then, and without, a timer.
    this.timer = setInterval(() => {
      const run: Promise<void> = this.tick()
        .then(() => undefined)
        .catch((e) => this.logger.warn(String(e)))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }, this.config.schedulerTickMs);
    this.timer.unref();
    void this.resumeCampaigns().catch((e) => this.logger.warn(String(e)));
  }

  get scheduling(): boolean {
    return this.config.scheduler;
  }

  /** The deployment's queue ticks from now on: this instance's timer stops. */
  useQueue(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Shutting down: start nothing new, let a tick that is running finish while the database is open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.running]);
  }

  private async resumeCampaigns(): Promise<void> {
    for (const c of await this.ds.getRepository(Campaign).find({ where: { state: 'RUNNING' } }))
      await this.campaigns.start(c.id);
  }

  /** Occurrence rows older than two weeks are history nobody needs. */
  private async cleanup(): Promise<number> {
    const before = dayjs().subtract(14, 'day').toDate();
    const res = await this.tx.run((em) =>
      em.createQueryBuilder().delete().from(JobRun).where('started_at < :before', { before }).execute(),
    );
    return res.affected ?? 0;
  }

  /** The occurrence of `job` due at `local`, or null when none is due yet today. */
  static occurrenceOf(job: ScheduledJob, local: dayjs.Dayjs): string | null {
    const minutes = local.hour() * 60 + local.minute();
    if (job.everyMinutes) {
      const slot = Math.floor(minutes / job.everyMinutes) * job.everyMinutes;
      return local.startOf('day').add(slot, 'minute').format('YYYY-MM-DDTHH:mm');
    }
    const [h, m] = (job.at ?? '00:00').split(':').map(Number);
    return minutes < h * 60 + m ? null : local.format('YYYY-MM-DD');
  }

  /** Runs every job due at `now` whose occurrence nobody has claimed yet; returns the ones run here. */
  async tick(now = new Date(), only?: string[]): Promise<string[]> {
    const { timeZone } = await this.settings.get();
    const local = dayjs(now).tz(timeZone);
    const ran: string[] = [];
    for (const job of this.jobs) {
      if (only && !only.includes(job.name)) continue;
      const occurrence = SchedulerService.occurrenceOf(job, local);
      if (!occurrence) continue;
      let id = newId();
      let attempts = 1;
      try {
        await this.tx.run((em) =>
          em.insert(JobRun, {
            id,
            name: job.name,
            occurrence,
            state: 'RUNNING',
            attempts,
            retryAt: null,
            instance: this.instance,
            startedAt: new Date(),
            finishedAt: null,
            error: null,
          }),
        );
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // Another instance has it — unless it failed and its retry is due: then whoever flips it first.
        const prev = await this.ds.getRepository(JobRun).findOne({ where: { name: job.name, occurrence } });
        if (!prev || prev.state !== 'FAILED' || !prev.retryAt || prev.retryAt > now) continue;
        const claimed = await this.tx.run((em) =>
          em.update(
            JobRun,
            { id: prev.id, state: 'FAILED', attempts: prev.attempts },
            {
              state: 'RUNNING',
              attempts: prev.attempts + 1,
              retryAt: null,
              instance: this.instance,
              startedAt: new Date(),
              finishedAt: null,
            },
          ),
        );
        if (claimed.affected !== 1) continue;
        id = prev.id;
        attempts = prev.attempts + 1;
      }
      try {
        await job.run();
        await this.tx.run((em) =>
          em.update(JobRun, { id }, { state: 'DONE', finishedAt: new Date(), error: null }),
        );
        ran.push(job.name);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        // Daily jobs are retried with a growing pause (5, 10 min…); an interval job's next slot is its retry.
        const retryAt =
          job.at && attempts < JOB_ATTEMPTS
            ? dayjs(now)
                .add(5 * 2 ** (attempts - 1), 'minute')
                .toDate()
            : null;
        await this.tx.run((em) =>
          em.update(
            JobRun,
            { id },
            { state: 'FAILED', finishedAt: new Date(), retryAt, error: why.slice(0, 200) },
          ),
        );
        this.logger.warn(
          `${job.name} ${occurrence} 第 ${attempts} 次失败${retryAt ? '，稍后重试' : ''}：${why}`,
        );
      }
    }
    return ran;
  }
}
