import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { LessThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { newId } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { PosNonce } from './entities/pos-nonce.entity';
import { MAX_CLOCK_SKEW_SECONDS } from './pos-signature';

/** Remembers nonces for longer than the accepted clock skew; `claim` is atomic. */
export interface NonceStore {
  /** true when the nonce was new (and is now taken), false when it was seen before. */
  claim(keyId: string, nonce: string): Promise<boolean>;
}

const TTL_SECONDS = MAX_CLOCK_SKEW_SECONDS * 2 + 60;

/** Redis: SET NX EX, one round trip. Used when REDIS_URL is configured. */
export class RedisNonceStore implements NonceStore {
  constructor(private readonly redis: Redis) {}
  async claim(keyId: string, nonce: string): Promise<boolean> {
    return (await this.redis.set(`pos:nonce:${keyId}:${nonce}`, '1', 'EX', TTL_SECONDS, 'NX')) === 'OK';
  }
}

/** Database: a unique key on (key, nonce); old rows are swept now and then. */
export class DbNonceStore implements NonceStore {
  private lastSweep = 0;
  constructor(private readonly tx: TransactionRunner) {}
  async claim(keyId: string, nonce: string): Promise<boolean> {
    try {
      await this.tx.run((em) => em.insert(PosNonce, { id: newId(), keyId, nonce, createdAt: new Date() }));
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
    if (Date.now() - this.lastSweep > 60_000) {
      this.lastSweep = Date.now();
      const before = new Date(Date.now() - TTL_SECONDS * 1000);
      await this.tx.run((em) => em.delete(PosNonce, { createdAt: LessThan(before) }));
    }
    return true;
  }
}

@Injectable()
export class NonceStoreProvider implements OnApplicationShutdown {
  readonly store: NonceStore;
  private readonly redis: Redis | null;
  constructor(@Inject(APP_CONFIG) config: AppConfig, tx: TransactionRunner) {
    this.redis = config.redisUrl
      ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
      : null;
    this.store = this.redis ? new RedisNonceStore(this.redis) : new DbNonceStore(tx);
  }
  /** After the HTTP server has drained (in-flight requests still check nonces and limits). */
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit();
  }
}
