import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Rotating member code (like a payment code): "8" + 9-digit member number + 6-digit TOTP-style
 * value derived from the member's secret and the current time step. A screenshot stops working
 * after the accepted window (the current and previous step).
 */
export const MEMBER_CODE_PREFIX = '8';
export const MEMBER_CODE_LENGTH = 16;

function totp(secretHex: string, step: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(bin).padStart(6, '0');
}

export function currentStep(nowMs: number, stepSeconds: number): number {
  return Math.floor(nowMs / 1000 / stepSeconds);
}

export function memberCodeAt(
  memberNo: number,
  secretHex: string,
  nowMs: number,
  stepSeconds: number,
): string {
  return `${MEMBER_CODE_PREFIX}${String(memberNo).padStart(9, '0')}${totp(secretHex, currentStep(nowMs, stepSeconds))}`;
}

/** Seconds until the code shown now changes. */
export function secondsUntilRotation(nowMs: number, stepSeconds: number): number {
  return stepSeconds - (Math.floor(nowMs / 1000) % stepSeconds);
}

export function parseMemberCode(code: string): { memberNo: number; otp: string } | null {
  if (code.length !== MEMBER_CODE_LENGTH || !code.startsWith(MEMBER_CODE_PREFIX) || !/^\d+$/.test(code))
    return null;
  return { memberNo: Number(code.slice(1, 10)), otp: code.slice(10) };
}

/** Accepts the current step and the one before it (a code shown just before rotation still scans). */
export function verifyMemberOtp(otp: string, secretHex: string, nowMs: number, stepSeconds: number): boolean {
  const step = currentStep(nowMs, stepSeconds);
  return [step, step - 1].some((s) =>
    timingSafeEqual(Buffer.from(totp(secretHex, s)), Buffer.from(otp.padEnd(6, 'x').slice(0, 6))),
  );
}
