import { randomBytes } from 'node:crypto';
import { memberCodeAt, parseMemberCode, secondsUntilRotation, verifyMemberOtp } from './member-code';

describe('rotating member code', () => {
  const secret = randomBytes(20).toString('hex');
  const t0 = Date.UTC(2026, 10, 22, 4, 0, 0);

  it('is 16 digits carrying the member number', () => {
    const code = memberCodeAt(123456789, secret, t0, 30);
    expect(code).toMatch(/^8123456789\d{6}$/);
    expect(parseMemberCode(code)).toEqual({ memberNo: 123456789, otp: code.slice(10) });
  });

  it('is accepted in its step and the next, refused two steps later', () => {
    const { otp } = parseMemberCode(memberCodeAt(42, secret, t0, 30))!;
    expect(verifyMemberOtp(otp, secret, t0 + 29_000, 30)).toBe(true);
    expect(verifyMemberOtp(otp, secret, t0 + 30_000, 30)).toBe(true);
    expect(verifyMemberOtp(otp, secret, t0 + 60_000, 30)).toBe(false);
  });

  it('changes every step and depends on the secret', () => {
    expect(memberCodeAt(42, secret, t0, 30)).not.toBe(memberCodeAt(42, secret, t0 + 30_000, 30));
    const other = randomBytes(20).toString('hex');
    const { otp } = parseMemberCode(memberCodeAt(42, secret, t0, 30))!;
    expect(verifyMemberOtp(otp, other, t0, 30)).toBe(false);
  });

  it('rejects malformed codes', () => {
    for (const bad of ['', '8123', '9123456789123456', '81234567891234a6', '81234567891234567']) {
      expect(parseMemberCode(bad)).toBeNull();
    }
    expect(verifyMemberOtp('12', secret, t0, 30)).toBe(false);
  });

  it('counts down to the next rotation', () => {
    expect(secondsUntilRotation(t0, 30)).toBe(30);
    expect(secondsUntilRotation(t0 + 12_000, 30)).toBe(18);
  });
});
