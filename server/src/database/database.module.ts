import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { openDataSource } from './data-source';
import { TransactionRunner } from './transaction-runner';

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
  ],
  exports: [DataSource, TransactionRunner],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
