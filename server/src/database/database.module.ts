import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonErrors } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { openDataSource, openReplica } from './data-source';
import { InvalidationChannel } from './invalidation-channel';
import { RefCache, refCacheOf } from './ref-cache';
import { TransactionRunner } from './transaction-runner';

/** This app's reference cache, told about other instances' writes through Redis when configured. */
@Injectable()
export class RefCacheProvider implements OnApplicationShutdown {
  readonly cache: RefCache;
  private readonly channel: InvalidationChannel | null;

  constructor(ds: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.cache = refCacheOf(ds);
    this.channel = config.redisUrl
      ? new InvalidationChannel(
          config.redisUrl,
          `${config.queuePrefix}:ref-changed`,
          (kind) => this.cache.received(kind),
          () => this.cache.clear(),
        )
      : null;
    this.cache.attach(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    this.cache.attach(null);
    await this.channel?.close();
  }
}

/**
 * Where reports read (the dashboard, campaign results, the insight overview): the read replica when
 * DATABASE_REPLICA_URL is set — seconds behind the primary, which those pages show as "as of" —
 * otherwise the primary itself. Nothing else reads it: the till, the member pages and every read
 * that follows a write stay on the primary.
 */
export class ReportsDb {
  constructor(
    readonly ds: DataSource,
    /** Is `ds` a replica this provider opened (and closes)? */
    readonly replica: boolean,
  ) {}

  /** A report query with named parameters (`:from`, `:...stores`). */
  query<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, values] = this.ds.driver.escapeQueryWithParameters(sql, params);
    return this.read(async (ds) => (await ds.query(text, values)) as T[]);
  }

  /** A read on the reports' database; a replica that cannot be reached answers 503 REPORTS_UNAVAILABLE. */
  async read<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
    try {
      return await fn(this.ds);
    } catch (e) {
      if (this.replica && unreachable(e)) throw CommonErrors.REPORTS_UNAVAILABLE();
      throw e;
    }
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
function unreachable(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  return UNREACHABLE.has(err?.driverError?.code ?? err?.code ?? '');
}

/** Opens the database (creating/migrating it) once and shares it with every feature. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDataSource(config.database),
    },
    {
      provide: ReportsDb,
      inject: [APP_CONFIG, DataSource],
      useFactory: async (config: AppConfig, primary: DataSource) =>
        config.replica
          ? new ReportsDb(
              await openReplica(config.replica, primary.options.type as 'mysql' | 'mariadb'),
              true,
            )
          : new ReportsDb(primary, false),
    },
    TransactionRunner,
    RefCacheProvider,
  ],
  exports: [DataSource, ReportsDb, TransactionRunner, RefCacheProvider],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    private readonly reports: ReportsDb,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.reports.replica && this.reports.ds.isInitialized) await this.reports.ds.destroy();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
