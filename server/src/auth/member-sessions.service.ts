import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvalidationChannel } from '../database/invalidation-channel';
import { coalescedRead } from '../database/read-coalescer';

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
  private readonly valid = new Map<string, { ver: number; until: number }>();
  private readonly channel: InvalidationChannel | null;
  private readonly ttl: number;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = config.redisUrl
      ? new InvalidationChannel(
          config.redisUrl,
          `${config.queuePrefix}:member-revoked`,
          (memberId) => this.valid.delete(memberId),
          () => this.valid.clear(),
        )
      : null;
    this.ttl = this.channel ? TTL_WITH_REDIS_MS : TTL_ALONE_MS;
  }

  async isValid(memberId: string, ver: number): Promise<boolean> {
    const hit = this.valid.get(memberId);
    const now = Date.now();
    if (hit && hit.until > now && hit.ver === ver) return true;
    // Checks that arrive together (a sale's opening taps) go to MySQL as one query.
    const rows = await coalescedRead<{ ver: number | string }>(
      this.ds.manager,
      'SELECT token_version AS ver FROM member WHERE id = ? AND deleted_at IS NULL',
      [memberId],
    );
    if (!rows.length || Number(rows[0].ver) !== ver) return false;
    // With Redis but not (yet) subscribed, a revocation could be missed: nothing is kept.
    if (this.channel && !this.channel.live) return true;
    if (this.valid.size >= MAX_ENTRIES) this.valid.clear();
    this.valid.set(memberId, { ver, until: now + this.ttl });
    return true;
  }

  /** After a sign-out or deletion is committed: no instance accepts the old tokens any more. */
  async revoke(memberId: string): Promise<void> {
    this.valid.delete(memberId);
    // The sign-out is committed; if Redis cannot carry it, other instances drop it within the TTL.
    await this.channel?.publish(memberId, this.ttl);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }
}
