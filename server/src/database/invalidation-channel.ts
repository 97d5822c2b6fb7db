import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * A Redis pub/sub channel that tells every instance to forget something it cached. `live` is true
 * only while this instance is subscribed and connected: a cache may keep entries long only then.
 * Messages missed while disconnected cannot be replayed, so `onReset` (forget everything) runs on
 * every reconnect, and ioredis subscribes again once the connection is back.
 */
export class InvalidationChannel {
  private readonly logger: Logger;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private listening = false;

  constructor(
    redisUrl: string,
    private readonly channel: string,
    onMessage: (message: string) => void,
    onReset: () => void,
  ) {
    this.logger = new Logger(`InvalidationChannel ${channel}`);
    this.pub = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000 });
    this.sub = new Redis(redisUrl, { connectTimeout: 2000 });
    this.subscribe();
    this.sub.on('message', (_ch: string, message: string) => onMessage(message));
    this.sub.on('reconnecting', () => {
      this.listening = false;
      onReset();
    });
    this.sub.on('ready', () => {
      if (!this.listening) this.subscribe();
    });
  }

  private subscribe(): void {
    this.sub
      .subscribe(this.channel)
      .then(() => (this.listening = true))
      .catch((e: unknown) => this.logger.error(`subscribe: ${String(e)}`));
  }

  get live(): boolean {
    return this.listening;
  }

  /** After the change is committed. If Redis cannot carry it, other instances forget within their TTL. */
  async publish(message: string, ttlMs: number): Promise<void> {
    await this.pub.publish(this.channel, message).catch((e: unknown) => {
      this.logger.error(`publish failed (other instances forget within ${ttlMs / 1000} s): ${String(e)}`);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.pub.quit(), this.sub.quit()]);
  }
}
