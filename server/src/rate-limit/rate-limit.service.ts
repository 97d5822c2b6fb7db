import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { AppError, CommonErrors } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** What each limit protects, how many events it allows and over how long. */
export const LIMITS = {
  /** Every login attempt from one IP (spraying many usernames). */
  loginIp: { max: 30, windowMs: 10 * 60_000 },
  /** Wrong passwords for one username: the 6th attempt within 15 minutes is locked out (audited). */
  loginUser: { max: 5, windowMs: 15 * 60_000 },
  /** Unknown member/coupon codes typed or scanned by one staff member or POS key. */
  codeLookupPrincipal: { max: 20, windowMs: 5 * 60_000 },
  /** The same across a whole store (several tills guessing together). */
  codeLookupStore: { max: 60, windowMs: 5 * 60_000 },
  /** Claims by one diner (a bot emptying the claim centre). */
  claimMember: { max: 30, windowMs: 60_000 },
  /** Mini-program logins per IP (code exchanges). */
  memberLoginIp: { max: 60, windowMs: 60_000 },
} as const;
export type LimitName = keyof typeof LIMITS;

interface LimitState {
  exceeded: boolean;
  retryAfterSeconds: number;
  count: number;
}
type Limiter = (
  req: FastifyRequest,
  opts?: { increment?: boolean },
) => Promise<{
  isAllowed: boolean;
  isExceeded?: boolean;
  ttlInSeconds?: number;
  remaining?: number;
  max?: number;
}>;

/**
 * Rate limits on @fastify/rate-limit's stores (Redis when REDIS_URL is set, so every instance
 * counts together; memory otherwise). Limits are keyed by what they protect (a username, a POS
 * key, a store, a diner), not only by IP, and several count failures only, so honest traffic at
 * the till is never slowed. Exceeding answers 429 TOO_MANY_REQUESTS with Retry-After.
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly limiters = new Map<LimitName, Limiter>();
  /**
   * The request path's Redis (limits and the POS nonces, `NonceStoreProvider`): one client, so the
   * commands one request sends in one event-loop turn leave in one socket write (auto-pipelining) —
   * socket writes dominate the till's profile.
   */
  readonly redis: Redis | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = config.redisUrl
      ? new Redis(config.redisUrl, {
          maxRetriesPerRequest: 2,
          connectTimeout: 2000,
          enableAutoPipelining: true,
        })
      : null;
  }

  /** Registers the plugin on the app's Fastify instance (bootstrap calls this once). */
  async attach(fastify: FastifyInstance): Promise<void> {
    await fastify.register(fastifyRateLimit, {
      global: false,
      ...(this.redis ? { redis: this.redis, nameSpace: 'tableside:rl:' } : {}),
      skipOnError: false,
    });
    const create = (fastify as unknown as { createRateLimit: (o: object) => Limiter }).createRateLimit;
    for (const [name, l] of Object.entries(LIMITS) as [LimitName, (typeof LIMITS)[LimitName]][]) {
      this.limiters.set(
        name,
        create({
          max: l.max,
          timeWindow: l.windowMs,
          keyGenerator: (req: FastifyRequest & { rlKey?: string }) => `${name}:${req.rlKey}`,
        }),
      );
    }
  }

  private async apply(name: LimitName, key: string, increment: boolean): Promise<LimitState> {
    const limiter = this.limiters.get(name);
    if (!limiter) return { exceeded: false, retryAfterSeconds: 0, count: 0 };
    // The limiter only reads the key (and route config) from the request it is given.
    const req = { rlKey: key, routeOptions: { config: {} } } as unknown as FastifyRequest;
    const r = await limiter(req, { increment });
    const max = r.max ?? LIMITS[name].max;
    return {
      exceeded: !!r.isExceeded || (!increment && (r.remaining ?? 1) <= 0),
      retryAfterSeconds: Math.max(1, r.ttlInSeconds ?? Math.ceil(LIMITS[name].windowMs / 1000)),
      count: max - (r.remaining ?? max),
    };
  }

  private tooMany(state: LimitState, message?: string): AppError {
    return CommonErrors.TOO_MANY_REQUESTS({ retryAfterSeconds: state.retryAfterSeconds }, message);
  }

  /** Counts one event; throws 429 when it goes over the limit. */
  async hit(name: LimitName, key: string, message?: string): Promise<void> {
    const s = await this.apply(name, key, true);
    if (s.exceeded) throw this.tooMany(s, message);
  }

  /** Throws 429 while the limit is used up, without counting this call. */
  async check(name: LimitName, key: string, message?: string): Promise<void> {
    const s = await this.apply(name, key, false);
    if (s.exceeded) throw this.tooMany(s, message);
  }

  /**
   * The till's look-up budget: is either the principal's (a POS key, a staff member) or the store's
   * allowance of unknown member/coupon codes used up? Both checks at once (one Redis write); the
   * principal's refusal first; null when neither is.
   */
  async codeLookupRefusal(scope: string, storeId: string): Promise<AppError | null> {
    const states = await Promise.all([
      this.apply('codeLookupPrincipal', scope, false),
      this.apply('codeLookupStore', storeId, false),
    ]);
    const used = states.find((s) => s.exceeded);
    return used ? this.tooMany(used, '无效的会员码或券码输入过多，请稍后再试') : null;
  }

  /** Counts a failure; returns true when this failure used up the limit (e.g. to audit a lock-out). */
  async fail(name: LimitName, key: string, times = 1): Promise<boolean> {
    let reached = false;
    for (let i = 0; i < times; i++) {
      const s = await this.apply(name, key, true);
      if (s.count === LIMITS[name].max) reached = true;
    }
    return reached;
  }

  /** Is the shared Redis answering? (readiness) */
  async ping(): Promise<boolean> {
    if (!this.redis) return false;
    try {
      return (
        (await Promise.race([
          this.redis.ping(),
          new Promise((r) => setTimeout(() => r('timeout'), 1000)),
        ])) === 'PONG'
      );
    } catch {
      return false;
    }
  }

  /** After the HTTP server has drained (in-flight requests still check nonces and limits). */
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
