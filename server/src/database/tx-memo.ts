import type { EntityManager } from 'typeorm';

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * A read made once per transaction: the chain's settings and its tiers are asked for by several
 * services while one bill commits (five and four times before), and cannot change under it. Outside
 * a transaction nothing is remembered. A transaction that writes what it memoised calls
 * `forgetTxMemo` first.
 */
export function txMemo<T>(em: EntityManager, key: string, load: () => Promise<T>): Promise<T> {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) return load();
  let memo = memos.get(runner);
  if (!memo) memos.set(runner, (memo = new Map()));
  const hit = memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const p = load();
  memo.set(key, p);
  p.catch(() => memo.delete(key));
  return p;
}

export function forgetTxMemo(em: EntityManager, key: string): void {
  if (em.queryRunner) memos.get(em.queryRunner)?.delete(key);
}
