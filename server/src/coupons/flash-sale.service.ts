import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { computeCouponValidity } from '@tableside/shared';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { insertStatement } from '../database/bulk-insert';
import { refCached } from '../database/ref-cache';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { BatchedStatement, WriteBatch } from '../database/write-batch';
import { SettingsService } from '../settings/settings.service';
import { newCouponCode } from './coupon-code';
import { CouponErrors } from './coupons.errors';
import { CouponClaimCounter } from './entities/coupon-claim-counter.entity';
import { CouponTemplate } from './entities/coupon-template.entity';
import { Coupon } from './entities/coupon.entity';

/** One reservation the Redis gate granted: becomes exactly one coupon row (its id is the row's id). */
export interface FlashClaim {
  id: string;
  code: string;
  memberId: string;
  /** When the gate granted it (ms): the coupon's issue time. */
  at: number;
}

/** A pending reservation older than this is persisted by the reconciler (its process may be gone). */
export const FLASH_ORPHAN_MS = 10_000;
/** How long a requestId keeps answering with its first result. */
const REQUEST_TTL_SECONDS = 24 * 3600;
/** Reservations persisted per transaction (group commit). */
const BATCH = 250;

// Every key of one template shares the hash tag {id}: one Redis Cluster slot, so a script may touch all.
const keys = (prefix: string, templateId: string) => {
  const tag = `${prefix}flash:{${templateId}}`;
  return { state: tag, members: `${tag}:m`, pending: `${tag}:pending`, request: `${tag}:r:` };
};

/**
 * The gate. State hash: stock, sold (granted so far, persisted or pending), limit (per member, 0 =
 * none); member hash: member → granted. A grant bumps both and records the reservation in the
 * pending hash in the same atomic step, so nothing is granted that cannot later be persisted.
 */
const CLAIM_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'NOT_PRIMED'} end
if ARGV[4] ~= '' then
  local prev = redis.call('GET', KEYS[4])
  if prev then return {'REPEAT', prev} end
end
local stock = tonumber(redis.call('HGET', KEYS[1], 'stock'))
local sold = tonumber(redis.call('HGET', KEYS[1], 'sold'))
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit'))
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if limit > 0 and mine >= limit then return {'LIMIT'} end
if sold >= stock then return {'SOLD_OUT'} end
redis.call('HINCRBY', KEYS[1], 'sold', 1)
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[5]) end
return {'OK'}
`;

/** Loads the state from MySQL once (the first instance wins; the others find it there). */
const PRIME_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'stock', ARGV[1], 'sold', ARGV[2], 'limit', ARGV[3])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
return 1
`;

/** A stock / limit edit: refused (-1) if more were already granted than the new stock. */
const SET_STOCK_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'sold')) > tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'stock', ARGV[1], 'limit', ARGV[2])
return 1
`;

/**
 * Repair after a mismatch with MySQL — only if nothing moved since it was read (same sold, no
 * pending reservation), so a claim racing the repair is never overwritten.
 */
const REPAIR_LUA = `
if redis.call('HGET', KEYS[1], 'sold') ~= ARGV[1] or redis.call('HLEN', KEYS[3]) > 0 then return 0 end
redis.call('HSET', KEYS[1], 'sold', ARGV[2])
for i = 3, #ARGV, 2 do
  if ARGV[i + 1] == '0' then redis.call('HDEL', KEYS[2], ARGV[i]) else redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
return 1
`;

type ClaimReply = ['OK'] | ['NOT_PRIMED'] | ['LIMIT'] | ['SOLD_OUT'] | ['REPEAT', string];

export interface FlashReconcileReport {
  templates: number;
  persisted: number;
  repaired: string[];
}

/**
 * 限时秒杀 / 限量抢券 with Redis (REDIS_URL): stock and per-member limits are decided by one Lua
 * script per claim, and the granted reservations are written to MySQL in batches (group commit:
 * the claim answers once its coupon row is committed). A process that dies between the two leaves
 * the reservation in Redis's pending hash; `reconcile` (a job on every instance, once a minute)
 * persists it by its id — never twice — and checks Redis against MySQL, repairing loudly.
 * Without Redis, flash templates go through CouponsService.issueIn (conditional UPDATEs: exact,
 * slower).
 */
@Injectable()
export class FlashSaleService implements OnApplicationShutdown {
  private readonly logger = new Logger(FlashSaleService.name);
  private readonly redis: Redis | null;
  private readonly prefix: string;
  /** Templates known to be primed in Redis by this process (re-primed on NOT_PRIMED). */
  private readonly primed = new Set<string>();
  private readonly priming = new Map<string, Promise<void>>();
  private queue: { claim: FlashClaim; template: CouponTemplate; done: (e?: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** Claims queued or being written by this process, by id: a retried tap waits for its batch. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: SettingsService,
  ) {
    this.prefix = `${config.queuePrefix}:`;
    this.redis = config.redisUrl
      ? new Redis(config.redisUrl, {
          maxRetriesPerRequest: 2,
          connectTimeout: 2000,
          // Commands of one event-loop turn leave in one write (socket writes dominate the profile).
          enableAutoPipelining: true,
        })
      : null;
    if (this.redis) {
      this.redis.defineCommand('flashClaim', { numberOfKeys: 4, lua: CLAIM_LUA });
      this.redis.defineCommand('flashPrime', { numberOfKeys: 2, lua: PRIME_LUA });
      this.redis.defineCommand('flashSetStock', { numberOfKeys: 1, lua: SET_STOCK_LUA });
      this.redis.defineCommand('flashRepair', { numberOfKeys: 3, lua: REPAIR_LUA });
    }
  }

  get enabled(): boolean {
    return this.redis !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    // In-flight claims were answered before the HTTP server closed; their batch is committed.
    await this.flushing;
    await this.redis?.quit();
  }

  /** The template as the gate sees it, from the reference cache (a pause reaches every instance at once). */
  async template(id: string): Promise<CouponTemplate> {
    const t = await refCached(this.ds.manager, 'templates', id, (m) =>
      m.findOne(CouponTemplate, { where: { id } }),
    );
    if (!t) throw CouponErrors.COUPON_TEMPLATE_NOT_FOUND();
    return t;
  }

  async timeZone(): Promise<string> {
    return (await this.settings.get()).timeZone;
  }

  /** One load per template at a time: the sale's opening taps all find it unprimed together. */
  private primeOnce(t: CouponTemplate): Promise<void> {
    let p = this.priming.get(t.id);
    if (!p) {
      p = this.prime(t).finally(() => this.priming.delete(t.id));
      this.priming.set(t.id, p);
    }
    return p;
  }

  /**
   * Loads the gate from MySQL: stock, limit and the issued count read fresh (the template the claim
   * carries comes from the reference cache, whose issued count is not kept current — primed from it
   * after Redis lost its state, the gate would sell the stock a second time).
   */
  private async prime(t: CouponTemplate): Promise<void> {
    const [now, counters] = await Promise.all([
      this.ds.getRepository(CouponTemplate).findOne({
        where: { id: t.id },
        select: { id: true, stock: true, issuedCount: true, perMemberLimit: true },
      }),
      this.ds.getRepository(CouponClaimCounter).find({
        where: { templateId: t.id, period: 'ALL' },
        select: { memberId: true, count: true },
      }),
    ]);
    if (!now) throw CouponErrors.COUPON_TEMPLATE_NOT_FOUND();
    const k = keys(this.prefix, t.id);
    const args = [String(now.stock ?? 0), String(now.issuedCount), String(now.perMemberLimit ?? 0)];
    for (const c of counters) if (c.count > 0) args.push(c.memberId, String(c.count));
    await (this.redis as FlashRedis).flashPrime(k.state, k.members, ...args);
    this.primed.add(t.id);
  }

  /**
   * One claim through the gate. The caller has checked the template (published, started, in date,
   * claim-centre channel, tier). Answers with the coupon once its row is committed.
   */
  async claim(t: CouponTemplate, memberId: string, requestId: string | null): Promise<FlashClaim> {
    const redis = this.redis as FlashRedis;
    const k = keys(this.prefix, t.id);
    const claim: FlashClaim = { id: newId(), code: newCouponCode(), memberId, at: Date.now() };
    const payload = JSON.stringify(claim);
    const requestKey = requestId ? `${k.request}${memberId}:${requestId}` : `${k.request}-`;
    for (let attempt = 0; ; attempt++) {
      if (!this.primed.has(t.id)) await this.primeOnce(t);
      const reply = (await redis.flashClaim(
        k.state,
        k.members,
        k.pending,
        requestKey,
        memberId,
        claim.id,
        payload,
        requestId ?? '',
        String(REQUEST_TTL_SECONDS),
      )) as ClaimReply;
      switch (reply[0]) {
        case 'NOT_PRIMED':
          this.primed.delete(t.id);
          if (attempt < 2) continue;
          throw new Error('flash sale state could not be loaded into Redis');
        case 'LIMIT':
          throw CouponErrors.COUPON_LIMIT_REACHED({ limit: t.perMemberLimit });
        case 'SOLD_OUT':
          throw CouponErrors.COUPON_OUT_OF_STOCK();
        case 'REPEAT': {
          // The first answer to this requestId; make sure its row exists before answering again:
          // wait for this process's own batch when it holds the claim, else write it here.
          const first = JSON.parse(reply[1]) as FlashClaim;
          await (this.writing.get(first.id) ?? this.persistIfPending(t, first));
          return first;
        }
        case 'OK':
          await this.enqueue(t, claim);
          return claim;
      }
    }
  }

  /** How many this gate has granted (persisted or pending), or null when not primed here. */
  async sold(templateId: string): Promise<number | null> {
    return (await this.live(templateId, ''))?.sold ?? null;
  }

  /** The gate's live figures (granted in all; to this member), or null without Redis / not primed. */
  async live(templateId: string, memberId: string): Promise<{ sold: number; mine: number } | null> {
    if (!this.redis) return null;
    const k = keys(this.prefix, templateId);
    const [sold, mine] = await Promise.all([
      this.redis.hget(k.state, 'sold'),
      memberId ? this.redis.hget(k.members, memberId) : Promise.resolve(null),
    ]);
    return sold === null ? null : { sold: Number(sold), mine: Number(mine ?? 0) };
  }

  /** A stock / limit edit of a flash template (before MySQL is written; see CouponsService). */
  async setStock(templateId: string, stock: number, limit: number | null): Promise<void> {
    if (!this.redis) return;
    const r = await (this.redis as FlashRedis).flashSetStock(
      keys(this.prefix, templateId).state,
      String(stock),
      String(limit ?? 0),
    );
    if (r === -1) {
      const sold = (await this.sold(templateId)) ?? 0;
      throw CouponErrors.COUPON_STOCK_BELOW_ISSUED({ issuedCount: sold }, `库存不能少于已抢到的 ${sold} 张`);
    }
  }

  // ---- persisting ---------------------------------------------------------------------------

  private enqueue(template: CouponTemplate, claim: FlashClaim): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      this.queue.push({
        claim,
        template,
        done: (e) => {
          this.writing.delete(claim.id);
          if (e) reject(e as Error);
          else resolve();
        },
      });
      if (!this.flushing) this.flushing = this.drain();
    });
    this.writing.set(claim.id, written);
    return written;
  }

  /**
   * Writes queued reservations batch by batch until the queue is empty (one writer per process).
   * It starts after the current turn of the event loop: the grants of one Redis reply arrive
   * together, and the first batch takes them all instead of the first alone.
   */
  private async drain(): Promise<void> {
    try {
      await new Promise((r) => setImmediate(r));
      while (this.queue.length) {
        const batch = this.queue.splice(0, BATCH);
        const byTemplate = new Map<string, typeof batch>();
        for (const item of batch) {
          const list = byTemplate.get(item.template.id) ?? [];
          list.push(item);
          byTemplate.set(item.template.id, list);
        }
        for (const items of byTemplate.values()) {
          try {
            await this.persist(
              items[0].template,
              items.map((i) => i.claim),
            );
            for (const i of items) i.done();
          } catch (e) {
            // The reservations stay pending in Redis: the reconciler writes them later. The diner
            // still holds the coupon, so the claim is answered as granted.
            this.logger.error(`flash persist failed (${items.length} left pending): ${String(e)}`);
            for (const i of items) i.done();
          }
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async persistIfPending(t: CouponTemplate, claim: FlashClaim): Promise<void> {
    const still = await this.redis!.hexists(keys(this.prefix, t.id).pending, claim.id);
    if (still) await this.persist(t, [claim]);
  }

  /**
   * Writes reservations as coupon rows in one transaction, and the template's issued count and the
   * members' claim counters move by exactly the rows inserted; then the reservations leave the
   * pending hash (without waiting for Redis). The first attempt assumes the rows are new (the
   * writer's own batch: INSERT, count and counters go with the COMMIT in one round trip); a row that
   * already exists (a retried tap, the reconciler, another instance) fails it, and the next attempts
   * look first and skip what exists.
   */
  async persist(t: CouponTemplate, claims: FlashClaim[]): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const n = await this.persistOnce(t, claims, attempt > 1);
        // Committed: the claims are answered now. The reservations leave the pending hash in the
        // background (a command this client sends later runs after it; if it is lost, the
        // reconciler finds the rows written and only clears the reservations).
        this.redis!.hdel(keys(this.prefix, t.id).pending, ...claims.map((c) => c.id)).catch((e: unknown) =>
          this.logger.warn(`flash: pending reservations not cleared (the reconciler will): ${String(e)}`),
        );
        return n;
      } catch (e) {
        // Another writer committed one of these rows before our INSERT: the next attempt skips it.
        // Every such failure after the first adds a row to what is skipped, so this ends within
        // claims.length + 2 attempts.
        if (isUniqueViolation(e) && attempt <= claims.length + 1) continue;
        throw e;
      }
    }
  }

  private async persistOnce(t: CouponTemplate, claims: FlashClaim[], look: boolean): Promise<number> {
    const tz = await this.timeZone();
    return this.tx.run(async (em) => {
      let fresh = claims;
      if (look) {
        const ids = claims.map((c) => c.id);
        const existing = new Set(
          (await em.find(Coupon, { where: { id: In(ids) }, select: { id: true } })).map((c) => c.id),
        );
        fresh = claims.filter((c) => !existing.has(c.id));
        if (!fresh.length) return 0;
      }
      const rows = fresh.map((c) => {
        const at = new Date(c.at);
        const validity = computeCouponValidity(t, at, tz);
        return em.create(Coupon, {
          id: c.id,
          code: c.code,
          templateId: t.id,
          memberId: c.memberId,
          status: 'AVAILABLE',
          validFrom: validity.validFrom,
          validTo: validity.validTo,
          issuedAt: at,
          issueChannel: 'CLAIM_CENTER',
          issueRef: 'FLASH',
          usedAt: null,
          usedStoreId: null,
          usedVisitId: null,
          usedByStaffId: null,
          lockedPaymentId: null,
        });
      });
      // Plain multi-row INSERT (the query builder spent tens of milliseconds of event loop on a
      // batch of 250, and every claim in flight waited behind it — the opening second's tail).
      const batch = new WriteBatch(em);
      batch.add({
        ...insertStatement(em, Coupon, rows),
        expect: {
          rows: rows.length,
          error: () => new Error(`flash persist: ${rows.length} coupons not inserted`),
        },
      });
      batch.add({
        sql: 'UPDATE coupon_template SET issued_count = issued_count + ? WHERE id = ?',
        params: [rows.length, t.id],
        expect: { rows: 1, error: () => CouponErrors.COUPON_TEMPLATE_NOT_FOUND() },
      });
      batch.add(this.counterUpsert(t.id, fresh));
      await batch.flush({ commit: true });
      return rows.length;
    });
  }

  /** The members' claim counters (period ALL) moved by their claims in `claims`. */
  private counterUpsert(templateId: string, claims: FlashClaim[]): BatchedStatement {
    const perMember = new Map<string, number>();
    for (const c of claims) perMember.set(c.memberId, (perMember.get(c.memberId) ?? 0) + 1);
    const params: unknown[] = [];
    for (const [memberId, n] of perMember) params.push(newId(), memberId, templateId, 'ALL', n);
    const tuples = [...perMember.keys()].map(() => '(?, ?, ?, ?, ?)').join(', ');
    const upsert = this.tx.isMysql
      ? 'ON DUPLICATE KEY UPDATE count = count + VALUES(count)'
      : 'ON CONFLICT (member_id, template_id, period) DO UPDATE SET count = count + excluded.count';
    return {
      sql: `INSERT INTO coupon_claim_counter (id, member_id, template_id, period, count) VALUES ${tuples} ${upsert}`,
      params,
    };
  }

  // ---- reconciling ------------------------------------------------------------------------------

  /**
   * Persists reservations left pending by a process that stopped, then checks every flash
   * template's Redis state against MySQL (granted = coupons issued; each member's count = their
   * claim counter) and, where they disagree with nothing in flight, sets Redis to what MySQL holds
   * — logged as an error, since it means Redis lost or invented grants.
   */
  async reconcile(now = Date.now()): Promise<FlashReconcileReport> {
    const report: FlashReconcileReport = { templates: 0, persisted: 0, repaired: [] };
    if (!this.redis) return report;
    const templates = await this.ds.getRepository(CouponTemplate).find({
      where: { flashStartAt: Not(IsNull()) },
    });
    for (const t of templates) {
      const k = keys(this.prefix, t.id);
      const state = await this.redis.hgetall(k.state);
      if (!state.sold) continue; // never primed: MySQL alone holds it
      report.templates++;
      const pending = await this.redis.hgetall(k.pending);
      const orphans = Object.values(pending)
        .map((p) => JSON.parse(p) as FlashClaim)
        .filter((c) => now - c.at >= FLASH_ORPHAN_MS);
      for (let i = 0; i < orphans.length; i += BATCH) {
        const n = await this.persist(t, orphans.slice(i, i + BATCH));
        report.persisted += n;
      }
      if (orphans.length)
        this.logger.warn(
          `flash ${t.name}: ${orphans.length} reservation(s) left by a stopped process persisted`,
        );
      // Stock and limit follow MySQL (an edit whose MySQL write failed is undone here).
      await this.redis.hset(k.state, 'stock', String(t.stock ?? 0), 'limit', String(t.perMemberLimit ?? 0));
      await this.compare(t, k, report);
    }
    return report;
  }

  private async compare(
    t: CouponTemplate,
    k: ReturnType<typeof keys>,
    report: FlashReconcileReport,
  ): Promise<void> {
    const redis = this.redis as FlashRedis;
    const sold = await redis.hget(k.state, 'sold');
    if ((await redis.hlen(k.pending)) > 0 || sold === null) return; // in flight: next round
    const [{ issuedCount }] = await this.ds.getRepository(CouponTemplate).find({
      where: { id: t.id },
      select: { issuedCount: true },
    });
    const dbCounters = new Map(
      (
        await this.ds.getRepository(CouponClaimCounter).find({
          where: { templateId: t.id, period: 'ALL' },
          select: { memberId: true, count: true },
        })
      ).map((c) => [c.memberId, c.count]),
    );
    const redisCounters = await redis.hgetall(k.members);
    const fixes: string[] = [];
    for (const [m, n] of Object.entries(redisCounters))
      if ((dbCounters.get(m) ?? 0) !== Number(n)) fixes.push(m, String(dbCounters.get(m) ?? 0));
    for (const [m, n] of dbCounters) if (n > 0 && !(m in redisCounters)) fixes.push(m, String(n));
    if (Number(sold) === issuedCount && !fixes.length) return;
    const done = await redis.flashRepair(k.state, k.members, k.pending, sold, String(issuedCount), ...fixes);
    if (done === 1) {
      const what = `${t.name}: Redis 已发 ${sold} ≠ MySQL ${issuedCount}，${fixes.length / 2} 位会员计数不一致，已按 MySQL 修复`;
      this.logger.error(`flash reconcile repaired ${what}`);
      report.repaired.push(what);
    }
  }
}

type FlashRedis = Redis & {
  flashClaim(...args: string[]): Promise<unknown>;
  flashPrime(...args: string[]): Promise<number>;
  flashSetStock(...args: string[]): Promise<number>;
  flashRepair(...args: string[]): Promise<number>;
};
