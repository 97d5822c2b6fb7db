import { HQ_ROLES, type StaffRole } from '@tableside/shared';

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
}
export interface MemberPrincipal {
  kind: 'member';
  memberId: string;
}

export const isHq = (s: StaffPrincipal) => HQ_ROLES.includes(s.role);
export const canActOnStore = (s: StaffPrincipal, storeId: string) => isHq(s) || s.storeIds.includes(storeId);
