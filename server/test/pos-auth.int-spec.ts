import { randomBytes } from 'node:crypto';
import { buildChain, Chain, pos, requestId } from './fixtures';
import { http, startApp, TestApp } from './harness';

describe('POS API authentication (HMAC, clock skew, nonce)', () => {
  let t: TestApp;
  let chain: Chain;
  beforeAll(async () => {
    t = await startApp();
    chain = await buildChain(t);
  });
  afterAll(() => t.close());

  const body = { amountFen: 1000 };

  it('accepts a correctly signed request', async () => {
    const res = await pos(t, chain.posA, '/checkout/preview', body);
    expect(res.status).toBe(200);
    expect(res.body.payableFen).toBe(1000);
  });

  it('rejects a wrong signature with 401 POS_SIGNATURE_INVALID', async () => {
    const res = await pos(t, chain.posA, '/checkout/preview', body, {
      secret: randomBytes(32).toString('hex'),
    });
    expect([res.status, res.body.code]).toEqual([401, 'POS_SIGNATURE_INVALID']);
  });

  it('rejects a body changed after signing', async () => {
    const res = await pos(t, chain.posA, '/checkout/preview', body, {
      bodyOverride: JSON.stringify({ amountFen: 1 }),
    });
    expect([res.status, res.body.code]).toEqual([401, 'POS_SIGNATURE_INVALID']);
  });

  it('rejects a stale or future timestamp with 401 POS_TIMESTAMP_SKEW', async () => {
    // 5 minutes allowed; 305 s either way is outside it even if the request takes a few seconds to
    // arrive on a loaded machine (the clock is read again for each request).
    const now = () => Math.floor(Date.now() / 1000);
    for (const skew of [-305, 305]) {
      const res = await pos(t, chain.posA, '/checkout/preview', body, { timestamp: now() + skew });
      expect([res.status, res.body.code]).toEqual([401, 'POS_TIMESTAMP_SKEW']);
    }
    expect((await pos(t, chain.posA, '/checkout/preview', body, { timestamp: now() - 290 })).status).toBe(
      200,
    );
  });

  it('rejects a reused nonce with 401 POS_NONCE_REUSED', async () => {
    const nonce = randomBytes(12).toString('hex');
    expect((await pos(t, chain.posA, '/checkout/preview', body, { nonce })).status).toBe(200);
    const again = await pos(t, chain.posA, '/checkout/preview', body, { nonce });
    expect([again.status, again.body.code]).toEqual([401, 'POS_NONCE_REUSED']);
  });

  it('rejects missing headers and unknown keys', async () => {
    const bare = await http(t.baseUrl, 'POST', '/api/pos/v1/checkout/preview', { body });
    expect([bare.status, bare.body.code]).toEqual([401, 'POS_AUTH_MISSING']);
    const unknown = await pos(t, { keyId: 'pk_nope', secret: 'x' }, '/checkout/preview', body);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'POS_SIGNATURE_INVALID']);
  });

  it("a store's key cannot act for another store: B's key voids nothing of A's", async () => {
    const commit = await pos(t, chain.posA, '/checkout/commit', {
      requestId: requestId(),
      couponCodes: [],
      amountFen: 1000,
      orderRef: 'A-1',
    });
    expect(commit.status).toBe(200);
    const res = await pos(t, chain.posB, `/checkout/${commit.body.redemptionId}/void`, {
      requestId: requestId(),
      reason: 'x',
    });
    expect([res.status, res.body.code]).toEqual([404, 'REDEMPTION_NOT_FOUND']);
  });
});
