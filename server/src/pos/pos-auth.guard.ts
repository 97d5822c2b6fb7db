import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthedRequest } from '../auth/guards';
import { posScope } from '../auth/principals';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { randomBytes } from 'node:crypto';
import { safeEqualHex } from '../common/crypto';
import { NonceStoreProvider } from './nonce-store';
import { PosErrors } from './pos.errors';
import { PosKeysService } from './pos-keys.service';
import { MAX_CLOCK_SKEW_SECONDS, signPosRequest } from './pos-signature';

const header = (req: AuthedRequest, name: string): string | null => {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : null;
};

/**
 * HMAC auth for the POS API: key, timestamp within ±5 min, signature over the exact body bytes,
 * then the nonce — recorded only once the signature is good, so nobody can burn others' nonces.
 */
@Injectable()
export class PosAuthGuard implements CanActivate {
  private readonly decoySecret = randomBytes(32).toString('hex');
  constructor(
    private readonly keys: PosKeysService,
    private readonly nonces: NonceStoreProvider,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest & { rawBody?: Buffer }>();
    const keyId = header(req, 'x-pos-key');
    const ts = header(req, 'x-timestamp');
    const nonce = header(req, 'x-nonce');
    const signature = header(req, 'x-signature');
    if (!keyId || !ts || !nonce || !signature) throw PosErrors.POS_AUTH_MISSING();
    if (!/^\d{1,12}$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > MAX_CLOCK_SKEW_SECONDS) {
      throw PosErrors.POS_TIMESTAMP_SKEW();
    }
    // An unknown or disabled key is checked against a random secret and fails like a bad signature,
    // with the same work done: the answer never tells whether a key id exists.
    const key = await this.keys.secretOf(keyId);
    const expected = signPosRequest(
      key?.secret ?? this.decoySecret,
      req.method,
      req.url,
      ts,
      nonce,
      req.rawBody ?? Buffer.alloc(0),
    );
    if (!safeEqualHex(expected, signature.toLowerCase()) || !key) throw PosErrors.POS_SIGNATURE_INVALID();
    const claimed = this.nonces.store.claim(keyId, nonce);
    // A request that will look up member or coupon codes has its look-up budget checked in the same
    // Redis write as the nonce (the checkout service awaits it before any look-up; unused otherwise).
    const body = req.body as { memberCode?: unknown; couponCodes?: unknown } | undefined;
    const looksUp = !!body?.memberCode || (Array.isArray(body?.couponCodes) && body.couponCodes.length > 0);
    const lookupBudget = looksUp ? this.limits.codeLookupRefusal(posScope(keyId), key.storeId) : undefined;
    lookupBudget?.catch(() => undefined); // awaited by the checkout service, or not needed at all
    if (!(await claimed)) throw PosErrors.POS_NONCE_REUSED();
    req.pos = { kind: 'pos', keyId, storeId: key.storeId, ...(lookupBudget ? { lookupBudget } : {}) };
    return true;
  }
}
