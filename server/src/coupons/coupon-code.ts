import { randomDigits } from '../common/crypto';

/**
 * Coupon codes: "6" + 19 digits from the CSPRNG (10^19 ≈ 2^63, so ≥ 60 bits of entropy).
 * Digits only: every scanner and keypad handles them, Code128 packs them densely, and the
 * leading 6 and the length tell a coupon apart from a 16-digit member code starting with 8.
 */
export const COUPON_CODE_LENGTH = 20;
export const newCouponCode = (): string => `6${randomDigits(COUPON_CODE_LENGTH - 1)}`;
export const looksLikeCouponCode = (s: string): boolean =>
  s.length === COUPON_CODE_LENGTH && /^6\d+$/.test(s);
/** What people type or scan: spaces and dashes between groups are ignored. */
export const normalizeCode = (s: string): string => s.replace(/[\s-]/g, '');
