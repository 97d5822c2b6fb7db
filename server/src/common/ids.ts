import { randomBytes, randomUUID } from 'node:crypto';

/** A random id (UUID v4): for rows written now and then, where the key's order does not matter. */
export const newId = (): string => randomUUID();

let pool = Buffer.alloc(0);
let used = 0;

/**
 * A time-ordered id (UUID v7, RFC 9562: 48 bits of Unix milliseconds, then 74 random bits) for rows
 * written in bulk — imported visits. InnoDB clusters a table by its primary key: random keys send
 * every insert to a different page of a million-row table (page splits, half-empty pages, a buffer
 * pool that must hold all of it), keys that grow with time append where the last insert went. The
 * 74 random bits keep ids as unguessable as v4's 122 for anything that matters here; the first 12
 * characters tell when the row was written, which the row's own createdAt says anyway.
 */
export function newOrderedId(now = Date.now()): string {
  if (used + 10 > pool.length) {
    pool = randomBytes(10 * 1024);
    used = 0;
  }
  const ms = now.toString(16).padStart(12, '0');
  const r = pool.toString('hex', used, used + 10);
  used += 10;
  // Version 7 in the 13th digit; the variant (binary 10xx) in the 17th.
  const variant = (8 | (parseInt(r[3], 16) & 3)).toString(16);
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}
