import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** How long a checked member session is trusted without asking the database again. */
const TTL_WITH_REDIS_MS = 60_000;
const TTL_ALONE_MS = 3_000;
const MAX_ENTRIES = 200_000;

/**
 * Is this diner's token version still current (not signed out, not deleted)? Every mini-program
 * request asks; at a flash sale that is thousands a second, so a positive answer is kept in memory
 * for a short time. A sign-out or account deletion drops it at once on this instance and, through
 * Redis pub/sub, on every other; without Redis (one instance) the entry lives 3 seconds at most.
 */
@Injectable()
export class MemberSessions implements OnApplicationShutdown {
  private readonly logger = new Logger(MemberSessions.name);
  private readonly valid = new Map<string, { ver: number; until: number }>();
  private readonly pub: Redis | null;
  private readonly sub: Redis | null;
  private readonly channel: string;
  private readonly ttl: number;
  /** Revocations can reach this instance (subscribed and connected): only then is a check kept long. */
  private listening = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.queuePrefix}:member-revoked`;
    this.pub = config.redisUrl
      ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000 })
      : null;
    this.sub = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 2000 }) : null;
    this.ttl = this.sub ? TTL_WITH_REDIS_MS : TTL_ALONE_MS;
    if (this.sub) {
      this.sub
        .subscribe(this.channel)
        .then(() => (this.listening = true))
        .catch((e) => this.logger.error(`member-revoked subscribe: ${String(e)}`));
      this.sub.on('message', (_ch: string, memberId: string) => this.valid.delete(memberId));
      // Messages missed while disconnected: forget everything (it is only a cache) and keep nothing
      // until the subscription is back (ioredis subscribes again when it reconnects).
      this.sub.on('reconnecting', () => {
        this.listening = false;
        this.valid.clear();
      });
      this.sub.on('ready', () => {
        // After a reconnect: listening again once the (idempotent) SUBSCRIBE is acknowledged.
        if (!this.listening)
          this.sub
            ?.subscribe(this.channel)
            .then(() => (this.listening = true))
            .catch(() => undefined);
      });
    }
  }

  async isValid(memberId: string, ver: number): Promise<boolean> {
    const hit = this.valid.get(memberId);
    const now = Date.now();
    if (hit && hit.until > now && hit.ver === ver) return true;
    const rows = (await this.ds.query(
      'SELECT token_version AS ver FROM member WHERE id = ? AND deleted_at IS NULL',
      [memberId],
    )) as { ver: number | string }[];
    if (!rows.length || Number(rows[0].ver) !== ver) return false;
    // With Redis but not (yet) subscribed, a revocation could be missed: nothing is kept.
    if (this.sub && !this.listening) return true;
    if (this.valid.size >= MAX_ENTRIES) this.valid.clear();
    this.valid.set(memberId, { ver, until: now + this.ttl });
    return true;
  }

  /** After a sign-out or deletion is committed: no instance accepts the old tokens any more. */
  async revoke(memberId: string): Promise<void> {
    this.valid.delete(memberId);
    // The sign-out is committed; if Redis cannot carry it, other instances drop it within the TTL.
    await this.pub?.publish(this.channel, memberId).catch((e: unknown) => {
      this.logger.error(`member-revoked publish failed (other instances forget within 60 s): ${String(e)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pub?.quit(), this.sub?.quit()]);
  }
}
