/**
 * Local stand-ins for what the admin needs from `@tableside/shared`.
 *
 * `@tableside/shared` is being built concurrently: its ESM build (`dist/esm`, which Vite resolves)
 * and `formatYuan` do not exist yet. Everything in the admin imports these names from here, so the
 * switch is one file: replace the bodies below with
 *   export { STAFF_ROLES, STAFF_ROLE_LABELS, HQ_ROLES, formatYuan } from '@tableside/shared';
 *   export type { StaffRole } from '@tableside/shared';
 * once shared publishes them.
 */

export const STAFF_ROLES = ['HQ_ADMIN', 'MARKETER', 'STORE_MANAGER', 'CASHIER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  HQ_ADMIN: '总部管理员',
  MARKETER: '总部营销',
  STORE_MANAGER: '店长',
  CASHIER: '收银员',
};

/** HQ roles see every store; store roles only the stores they are assigned to. */
export const HQ_ROLES: readonly StaffRole[] = ['HQ_ADMIN', 'MARKETER'];

/** Formats integer fen as yuan with two decimals, e.g. 1234 → "¥12.34", -5 → "-¥0.05". */
export function formatYuan(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) {
    throw new RangeError(`amountFen must be a safe integer, got ${amountFen}`);
  }
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}¥${yuan}.${fen.toString().padStart(2, '0')}`;
}
