import { HQ_ROLES, type StaffRole } from '@tableside/shared';
import type { AppError } from '../common/app-error';

/** Who is calling, as attached to the request by the guards. */
export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  name: string;
  role: StaffRole;
  storeIds: string[];
}
export interface PosPrincipal {
  kind: 'pos';
  keyId: string;
  storeId: string;
  /** The till's look-up budget, checked by the guard in the nonce's Redis write (see PosAuthGuard). */
  lookupBudget?: Promise<AppError | null>;
}
/** A POS key's scope: its idempotency keys and its look-up budget. */
export const posScope = (keyId: string) => `pos:${keyId}`;
export interface MemberPrincipal {
  kind: 'member';
  memberId: string;
}

export const isHq = (s: StaffPrincipal) => HQ_ROLES.includes(s.role);
export const canActOnStore = (s: StaffPrincipal, storeId: string) => isHq(s) || s.storeIds.includes(storeId);
