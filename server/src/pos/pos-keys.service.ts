import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretBox } from '../common/crypto';
import { CouponErrors } from '../coupons/coupons.errors';
import { refCached } from '../database/ref-cache';
import { TransactionRunner } from '../database/transaction-runner';
import { Store } from '../stores/entities/store.entity';
import { PosKey } from './entities/pos-key.entity';

@Injectable()
export class PosKeysService {
  private readonly box: SecretBox;
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.appSecret);
  }

  /** A new key for a store. The secret is shown once; only its encrypted form is kept. */
  async create(
    storeCode: string,
    fixed?: { keyId: string; secret: string },
  ): Promise<{ keyId: string; secret: string; storeId: string }> {
    const store = await this.ds.getRepository(Store).findOne({ where: { code: storeCode } });
    if (!store) throw CouponErrors.STORE_NOT_FOUND(undefined, `门店不存在：${storeCode}`);
    const keyId = fixed?.keyId ?? `pk_${randomBytes(8).toString('hex')}`;
    const secret = fixed?.secret ?? randomBytes(32).toString('hex');
    await this.tx.run((em) =>
      em.insert(PosKey, {
        id: keyId,
        storeId: store.id,
        secretEnc: this.box.seal(secret),
        active: true,
        createdAt: new Date(),
        lastUsedAt: null,
      }),
    );
    return { keyId, secret, storeId: store.id };
  }

  /** The key's secret and store (cached per instance, dropped everywhere when a key changes). */
  async secretOf(keyId: string): Promise<{ secret: string; storeId: string } | null> {
    return refCached(this.ds.manager, 'posKeys', keyId, async (m) => {
      const key = await m.findOne(PosKey, { where: { id: keyId } });
      if (!key || !key.active) return null;
      return { secret: this.box.open(key.secretEnc), storeId: key.storeId };
    });
  }
}
