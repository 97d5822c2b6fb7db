/** Bad input on every endpoint: a 4xx with { code, message } in Chinese — never a 500, nothing written. */
import { Visit } from '../src/visits/entities/visit.entity';
import { Chain, aMember, pos } from './fixtures';
import { documentedOperations, RouteContext, routeContext, ROUTES, send } from './route-table';
import { http, startApp, TestApp } from './harness';

const HUGE = 'x'.repeat(1024 * 1024);

const BAD_VALUES: Record<string, unknown>[] = [
  { amountFen: 'abc' },
  { amountFen: -1 },
  { amountFen: 1.5 },
  { amountFen: 1e15 },
  { amountFen: 100, unknownField: true },
  { amountFen: 100, couponCodes: 'not-an-array' },
  { amountFen: 100, couponCodes: [123] },
  { amountFen: 100, memberCode: HUGE },
  { amountFen: null },
  { amountFen: undefined },
];

interface Schema {
  type?: string;
  $ref?: string;
  nullable?: boolean;
  enum?: unknown[];
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface OpenApi {
  components: { schemas: Record<string, Schema> };
}

describe('malformed requests', () => {
  let t: TestApp;
  let chain: Chain;
  let ctx: RouteContext;
  beforeAll(async () => {
    t = await startApp();
    ctx = await routeContext(t);
    chain = ctx.chain;
  });
  afterAll(() => t.close());

  const expectClientError = (res: { status: number; body: any }, label: string) => {
    expect({ label, status: res.status >= 400 && res.status < 500 }).toEqual({ label, status: true });
    expect(typeof res.body.code).toBe('string');
    expect(res.body.code).toMatch(/^[A-Z_]+$/);
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  /**
   * Bad values for one property of a request body, derived from its schema in the OpenAPI
   * document: the wrong type, null where null means nothing, numbers and strings past their bounds
   * (or far past any column when no bound is declared), and over-long strings inside arrays.
   */
  const badValues = (prop: Schema, doc: OpenApi): unknown[] => {
    const s = prop.$ref ? doc.components.schemas[prop.$ref.split('/').pop()!] : prop;
    const out: unknown[] = [];
    if (!prop.nullable && !s.nullable) out.push(null);
    if (s.enum) out.push('NOT_A_VALUE');
    switch (s.type) {
      case 'string':
        out.push(12345, ['x'], 'x'.repeat((s.maxLength ?? 5_000) + 1));
        break;
      case 'integer':
      case 'number':
        out.push('12', 1.5, 2 ** 53, -(2 ** 53), true);
        break;
      case 'boolean':
        out.push('yes', 1);
        break;
      case 'array':
        out.push(
          'not-an-array',
          { a: 1 },
          Array.from({ length: 5_000 }, () => 'x'),
        );
        if (!s.items?.type || s.items.type === 'string') out.push(['x'.repeat(5_001)]);
        if (s.items?.type === 'integer') out.push([1.5], ['x']);
        break;
      default:
        if (s.properties) out.push('not-an-object', 42);
    }
    return out;
  };

  it('rejects every bad value of every property of every write endpoint in the API document with a 4xx', async () => {
    const doc = (await http(t.baseUrl, 'GET', '/api/docs/openapi.json')).body as OpenApi;
    const writes = (await documentedOperations(t.baseUrl)).filter((o) => o.bodySchema);
    expect(writes.length).toBeGreaterThan(25);
    const accepted: string[] = [];
    const missing = writes.filter((o) => !ROUTES[o.key]).map((o) => o.key);
    expect(missing).toEqual([]);
    for (const op of writes) {
      const [method] = op.key.split(' ');
      const route = ROUTES[op.key];
      const schema = doc.components.schemas[op.bodySchema!];
      const as =
        route.access === 'member'
          ? { member: true }
          : typeof route.access === 'object'
            ? { staff: route.access.staff[0] }
            : {};
      const sample = route.own(ctx);
      const base = sample.body as Record<string, unknown>;
      const check = (res: { status: number; body: any }, label: string) => {
        if (
          res.status < 400 ||
          res.status >= 500 ||
          !/^[A-Z_]+$/.test(res.body?.code ?? '') ||
          !/[\u4e00-\u9fa5]/.test(res.body?.message ?? '')
        )
          accepted.push(`${label} → ${res.status} ${res.body?.code ?? ''}`);
      };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        for (const bad of badValues(prop, doc)) {
          const res = await send(
            ctx,
            method,
            { path: route.own(ctx).path },
            { ...as, body: { ...base, [name]: bad } },
          );
          check(res, `${op.key} ${name}=${JSON.stringify(bad)?.slice(0, 40)}`);
        }
      }
      check(
        await send(ctx, method, sample, { ...as, body: { ...base, unknownField: 1 } }),
        `${op.key} unknown field`,
      );
      check(await send(ctx, method, sample, { ...as, body: [1, 2, 3] }), `${op.key} array body`);
      check(await send(ctx, method, sample, { ...as, body: 'just a string' }), `${op.key} string body`);
      if (!sample.path.startsWith('/api/pos/')) {
        check(await send(ctx, method, sample, { ...as, raw: '{"amountFen": 1,' }), `${op.key} broken JSON`);
        check(
          await send(ctx, method, sample, { ...as, raw: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) }),
          `${op.key} 3,000 levels deep`,
        );
      }
      // The valid sample itself passes validation, so every rejection above was about the bad value.
      const good = await send(ctx, method, route.own(ctx), as);
      if (good.status >= 500 || good.body?.code === 'VALIDATION_FAILED')
        accepted.push(
          `${op.key} valid sample refused: ${good.status} ${good.body?.code} ${good.body?.message ?? ''}`,
        );
    }
    expect(accepted).toEqual([]);
  });

  it('rejects every bad amount on the signed POS endpoints too, and writes nothing', async () => {
    const before = await t.ds.getRepository(Visit).count();
    for (const bad of BAD_VALUES) {
      for (const path of ['/checkout/preview', '/checkout/commit']) {
        const res = await pos(t, chain.posA, path, {
          requestId: 'req-abcdefgh',
          couponCodes: [],
          orderRef: 'R',
          amountFen: 100,
          ...bad,
        });
        expectClientError(res, `${path} ${JSON.stringify(bad).slice(0, 60)}`);
      }
    }
    expect(await t.ds.getRepository(Visit).count()).toBe(before);
  });

  it('answers unknown routes and bad ids with 404 NOT_FOUND', async () => {
    const res = await http(t.baseUrl, 'GET', '/api/nope');
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await http(t.baseUrl, 'GET', '/api/admin/members/not-an-id', { token: chain.tokens.admin });
    expect([bad.status, bad.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('requires auth with a stable code', async () => {
    const res = await http(t.baseUrl, 'GET', '/api/admin/members');
    expect([res.status, res.body.code]).toEqual([401, 'AUTH_REQUIRED']);
    const forged = await http(t.baseUrl, 'GET', '/api/admin/members', { token: 'a.b.c' });
    expect([forged.status, forged.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);
  });

  it('masks phones in member lists', async () => {
    await aMember(t, { phone: '13812345678' });
    const res = await http(t.baseUrl, 'GET', '/api/admin/members?phone=13812345678', {
      token: chain.tokens.admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.items[0].phone).toBe('138****5678');
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
  });
});
