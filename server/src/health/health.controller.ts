import {
  BeforeApplicationShutdown,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import { AppError } from '../common/app-error';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReportsDb } from '../database/database.module';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ enum: ['mysql', 'sqlite'] }) database: 'mysql' | 'sqlite';
  @ApiProperty() databaseOk: boolean;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'the reports read replica (DATABASE_REPLICA_URL); null when none is configured',
  })
  replicaOk: boolean | null;
  @ApiProperty() simulators: boolean;
  @ApiProperty() time: string;
}

export class ReadyDto {
  @ApiProperty() ready: boolean;
  @ApiProperty() databaseOk: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null when no REDIS_URL is configured' })
  redisOk: boolean | null;
}

/**
 * Shutting down (SIGTERM): readiness turns 503 at once, requests keep being served for the grace
 * period so the load balancer moves traffic away, then the server stops accepting and finishes what
 * is in flight; scheduled jobs and queue workers finish their current work before the database closes.
 */
@Injectable()
export class Lifecycle implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  draining = false;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    if (signal) this.logger.log(`${signal}: draining for ${this.config.shutdownGraceMs} ms, then closing`);
    if (this.config.shutdownGraceMs) await new Promise((r) => setTimeout(r, this.config.shutdownGraceMs));
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly lifecycle: Lifecycle,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsDb,
  ) {}

  /** Liveness: the process answers (restart it if not). */
  @Get('live')
  @HttpCode(200)
  live(): { live: true } {
    return { live: true };
  }

  /** Readiness: send traffic here? Database and Redis reachable, and not shutting down. */
  @Get('ready')
  @ApiOkResponse({ type: ReadyDto })
  async ready(): Promise<ReadyDto> {
    if (this.lifecycle.draining)
      throw new AppError('SHUTTING_DOWN', 503, '服务正在停止，请求将由其他实例处理');
    const databaseOk = await this.ds.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const redisOk = this.config.redisUrl ? await this.limits.ping() : null;
    if (!databaseOk || redisOk === false)
      throw new AppError('NOT_READY', 503, '服务暂不可用：数据库或缓存无法连接', { databaseOk, redisOk });
    return { ready: true, databaseOk, redisOk };
  }

  /**
   * Health for people and monitoring. A replica that is down degrades only the reports (they answer
   * 5xx until it is back), so it shows here and never in readiness: the till keeps its traffic.
   */
  @Get()
  @ApiOkResponse({ type: HealthDto })
  async health(): Promise<HealthDto> {
    const ok = (ds: DataSource) =>
      ds.query('SELECT 1').then(
        () => true,
        () => false,
      );
    const databaseOk = await ok(this.ds);
    const replicaOk = this.reports.replica ? await ok(this.reports.ds) : null;
    return {
      status: databaseOk && replicaOk !== false ? 'ok' : 'degraded',
      database: this.config.database.kind,
      databaseOk,
      replicaOk,
      simulators: this.config.simulators,
      time: new Date().toISOString(),
    };
  }
}
