import { Inject, Injectable } from '@nestjs/common';
import { createHash, createSecretKey, KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const STAFF_TTL_SECONDS = 12 * 3600;
const MEMBER_TTL_SECONDS = 30 * 24 * 3600;
const ISSUER = 'tableside';
/** Verified tokens remembered (each until its expiry, at most 5 minutes), the oldest dropped first. */
const VERIFIED_MAX = 20_000;
const VERIFIED_TTL_MS = 5 * 60_000;

export interface TokenClaims {
  sub: string;
  /** The subject's token version when signed; a bumped version revokes the token. */
  ver: number;
}

/**
 * HS256 JWTs (jose) for staff and diners. A token names its audience (staff / member) so one can
 * never stand in for the other, and carries the subject's token version, checked on every request
 * against the row: logout, a password change or disabling the account revoke every older token.
 */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;
  /**
   * A token string verified once need not be verified again until it expires: a diner's phone sends
   * the same token with every tap (a flash sale's claims, the member card). Only the signature and
   * expiry are remembered — revocation (the token version) is still checked on every request.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; until: number }>();
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A key of its own, derived from APP_SECRET (which also seals POS secrets at rest).
    // As a KeyObject: jose would otherwise import the raw bytes again on every verify.
    this.key = createSecretKey(createHash('sha256').update(`tableside-jwt:${config.appSecret}`).digest());
  }

  private sign(aud: 'staff' | 'member', sub: string, ver: number, ttl: number): Promise<string> {
    return new SignJWT({ ver })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setAudience(aud)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
  }

  signStaff(staffId: string, tokenVersion: number): Promise<string> {
    return this.sign('staff', staffId, tokenVersion, STAFF_TTL_SECONDS);
  }
  signMember(memberId: string, tokenVersion: number): Promise<string> {
    return this.sign('member', memberId, tokenVersion, MEMBER_TTL_SECONDS);
  }

  /** The claims of a valid, unexpired token for that audience, or null. */
  async verify(token: string, aud: 'staff' | 'member'): Promise<TokenClaims | null> {
    if (token.length > 2048) return null;
    const cacheKey = `${aud} ${token}`;
    const now = Date.now();
    const hit = this.verified.get(cacheKey);
    if (hit && hit.until > now) return hit.claims;
    if (hit) this.verified.delete(cacheKey);
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: aud,
        issuer: ISSUER,
      });
      if (
        typeof payload.sub !== 'string' ||
        !Number.isInteger(payload.ver) ||
        typeof payload.exp !== 'number'
      )
        return null;
      const claims = { sub: payload.sub, ver: payload.ver as number };
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, { claims, until: Math.min(payload.exp * 1000, now + VERIFIED_TTL_MS) });
      return claims;
    } catch {
      return null;
    }
  }
}
