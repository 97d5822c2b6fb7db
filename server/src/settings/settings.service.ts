import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ChainSettings } from './entities/chain-settings.entity';
import { refCached } from '../database/ref-cache';

@Injectable()
export class SettingsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The chain's rules (cached: ref-cache.ts); a fresh database gets the defaults (idempotent insert). */
  get(em: EntityManager = this.ds.manager): Promise<ChainSettings> {
    return refCached(em, 'settings', 'chain', (m) => this.load(m));
  }

  private async load(em: EntityManager): Promise<ChainSettings> {
    const found = await em.findOne(ChainSettings, { where: { id: 1 } });
    if (found) return found;
    await em
      .createQueryBuilder()
      .insert()
      .into(ChainSettings)
      .values({ id: 1, chainName: 'Tableside', timeZone: this.config.timeZone, updatedAt: new Date() })
      .orIgnore()
      .execute();
    return em.findOneOrFail(ChainSettings, { where: { id: 1 } });
  }
}
