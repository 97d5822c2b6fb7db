import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { openDataSource } from './data-source';
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

/** Opens the database (creating/migrating it) once and shares it with every feature. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDataSource(config.database),
    },
    TransactionRunner,
    RefCacheProvider,
  ],
  exports: [DataSource, TransactionRunner, RefCacheProvider],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
