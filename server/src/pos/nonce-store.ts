import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { LessThan } from 'typeorm';
import { newId } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { RateLimitService } from '../rate-limit/rate-limit.service';
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

/** Redis when configured — the rate limits' client, so a request's nonce and limits share one write. */
@Injectable()
export class NonceStoreProvider {
  readonly store: NonceStore;
  constructor(limits: RateLimitService, tx: TransactionRunner) {
    this.store = limits.redis ? new RedisNonceStore(limits.redis) : new DbNonceStore(tx);
  }
}
