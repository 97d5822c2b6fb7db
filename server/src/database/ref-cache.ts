import { EventSubscriber } from 'typeorm';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import type { InvalidationChannel } from './invalidation-channel';

/**
 * What every bill reads and head office rarely changes: the chain's settings, its tiers, its stores,
 * the POS keys and the coupon templates' rules. The till asked the database for each of them on
 * every request (6 of a preview's 10 statements); now they are kept in memory per process.
 *
 * Freshness: any write to those tables through TypeORM (services, repositories, query builders)
 * drops the kind at once and again when its transaction commits, on this instance and — through
 * Redis pub/sub — on every other. An entry is kept 60 s while that channel is live, else 3 s, so a
 * change made where no invalidation reaches (raw SQL by hand, another process without Redis) shows
 * within that time. Template counters (issued/used) change with every claim and bill and are not
 * part of any cached answer: updating only them keeps the cache.
 */
export type RefKind = 'settings' | 'tiers' | 'stores' | 'posKeys' | 'templates';

const TABLE_KIND: Record<string, RefKind> = {
  chain_settings: 'settings',
  tier: 'tiers',
  store: 'stores',
  pos_key: 'posKeys',
  coupon_template: 'templates',
};
/** Template columns that are counters, not rules. */
const TEMPLATE_COUNTERS = new Set(['issuedCount']);

const TTL_LIVE_MS = 60_000;
const TTL_ALONE_MS = 3_000;
const MAX_PER_KIND = 50_000;

interface Entry {
  value: Promise<unknown>;
  until: number;
}

export class RefCache {
  private readonly entries = new Map<RefKind, Map<string, Entry>>();
  /** Bumped by every `forget`: a load that overlapped a change is not remembered. */
  private readonly gens = new Map<RefKind, number>();
  private channel: InvalidationChannel | null = null;

  /** Set by the app when Redis is configured; without it only this process's writes invalidate. */
  attach(channel: InvalidationChannel | null): void {
    this.channel = channel;
  }

  private get ttl(): number {
    return this.channel?.live ? TTL_LIVE_MS : TTL_ALONE_MS;
  }

  /**
   * The cached value of `kind`/`key`, loaded when missing or old. A load outside any transaction is
   * shared with concurrent callers. A caller inside a transaction loads through its own connection
   * (waiting for a second pooled connection while holding one starves the pool under load) and
   * keeps the answer to itself; it is remembered only if nothing changed the kind meanwhile.
   */
  get<T>(kind: RefKind, key: string, load: () => Promise<T>, inTransaction = false): Promise<T> {
    let byKey = this.entries.get(kind);
    if (!byKey) this.entries.set(kind, (byKey = new Map()));
    const now = Date.now();
    const hit = byKey.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    if (byKey.size >= MAX_PER_KIND) byKey.clear();
    if (inTransaction) {
      const gen = this.gens.get(kind) ?? 0;
      return load().then((v) => {
        if (v != null && (this.gens.get(kind) ?? 0) === gen && this.entries.get(kind) === byKey)
          byKey.set(key, { value: Promise.resolve(frozen(v)), until: now + this.ttl });
        return frozen(v);
      });
    }
    const value = load().then(frozen);
    const entry = { value, until: now + this.ttl };
    byKey.set(key, entry);
    // A failed load, or nothing found (an unknown key, a row not yet committed), is not remembered.
    const drop = () => byKey.get(key) === entry && byKey.delete(key);
    value.then((v) => v ?? drop(), drop);
    return value;
  }

  /** Forget a kind here; `publish` (after a commit) tells the other instances too. */
  forget(kind: RefKind, publish = false): void {
    this.entries.delete(kind);
    this.gens.set(kind, (this.gens.get(kind) ?? 0) + 1);
    if (publish && this.channel) void this.channel.publish(kind, TTL_LIVE_MS);
  }

  /** A message from another instance. */
  received(kind: string): void {
    if (Object.values(TABLE_KIND).includes(kind as RefKind)) this.forget(kind as RefKind);
  }

  clear(): void {
    for (const kind of Object.values(TABLE_KIND)) this.forget(kind);
  }
}

/** Cached rows are shared by every request: nobody may change them in place (shallow freeze). */
function frozen<T>(v: T): T {
  if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object') Object.freeze(x);
  if (v && typeof v === 'object') Object.freeze(v);
  return v;
}

const caches = new WeakMap<DataSource, RefCache>();

/** One cache per database connection (tests open several apps in one process). */
export function refCacheOf(ds: DataSource): RefCache {
  let c = caches.get(ds);
  if (!c) caches.set(ds, (c = new RefCache()));
  return c;
}

/** Kinds written inside a transaction, forgotten again (and published) once it commits. */
const pending = new WeakMap<QueryRunner, Set<RefKind>>();

/**
 * A reference read for `em`: from the cache, unless `em` is a transaction that has itself written
 * that kind — then it reads its own writes, uncached.
 */
export function refCached<T>(
  em: EntityManager,
  kind: RefKind,
  key: string,
  load: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = em.queryRunner;
  if (runner && pending.get(runner)?.has(kind)) return load(em);
  const inTransaction = !!runner?.isTransactionActive;
  return refCacheOf(em.connection).get(
    kind,
    key,
    () => load(inTransaction ? em : em.connection.manager),
    inTransaction,
  );
}

function kindOf(
  event: InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>,
  update = false,
): RefKind | null {
  const kind = TABLE_KIND[event.metadata.tableName];
  if (!kind) return null;
  if (update && kind === 'templates') {
    const e = event as UpdateEvent<unknown>;
    const changed = e.updatedColumns?.length
      ? e.updatedColumns.map((c) => c.propertyName)
      : Object.keys((e.entity as object | undefined) ?? {});
    if (changed.length && changed.every((c) => TEMPLATE_COUNTERS.has(c))) return null;
  }
  return kind;
}

/** Registered on every DataSource (data-source.ts): sees each TypeORM write to a cached table. */
@EventSubscriber()
export class RefCacheSubscriber implements EntitySubscriberInterface {
  private wrote(
    event: InsertEvent<unknown> | UpdateEvent<unknown> | RemoveEvent<unknown>,
    update = false,
  ): void {
    const kind = kindOf(event, update);
    if (!kind) return;
    const cache = refCacheOf(event.connection);
    const runner = event.queryRunner;
    if (runner?.isTransactionActive) {
      cache.forget(kind);
      let set = pending.get(runner);
      if (!set) pending.set(runner, (set = new Set()));
      set.add(kind);
    } else cache.forget(kind, true);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.wrote(event);
  }
  afterUpdate(event: UpdateEvent<unknown>): void {
    this.wrote(event, true);
  }
  afterRemove(event: RemoveEvent<unknown>): void {
    this.wrote(event);
  }
  afterSoftRemove(event: RemoveEvent<unknown>): void {
    this.wrote(event);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // The change is visible to others now: tell every instance.
    this.settle(event, true);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // Whatever was read from the shared SQLite connection meanwhile may have been the rolled-back rows.
    this.settle(event, false);
  }

  /** The end of a transaction: forget what it wrote (a savepoint inside a longer one ends nothing). */
  private settle(event: TransactionCommitEvent | TransactionRollbackEvent, publish: boolean): void {
    if (event.queryRunner.isTransactionActive) return;
    const set = pending.get(event.queryRunner);
    if (!set) return;
    pending.delete(event.queryRunner);
    const cache = refCacheOf(event.connection);
    for (const kind of set) cache.forget(kind, publish);
  }
}
