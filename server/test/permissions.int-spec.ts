/**
 * The permission matrix, generated from the server's own route table (its OpenAPI document):
 * every staff route × every role × own store / other store, every member route without and with
 * the wrong kind of token, every POS route unsigned. A route missing from route-table.ts fails.
 */
import { STAFF_ROLES } from '@tableside/shared';
import { http, startApp, TestApp } from './harness';
import { documentedOperations, RouteContext, routeContext, ROUTES, send, staffToken } from './route-table';

const DENIED = new Set([
  'ROLE_FORBIDDEN',
  'STORE_FORBIDDEN',
  'AUTH_REQUIRED',
  'AUTH_TOKEN_INVALID',
  'MEMBER_AUTH_REQUIRED',
]);

let t: TestApp;
let c: RouteContext;
let ops: { key: string }[];
beforeAll(async () => {
  t = await startApp();
  c = await routeContext(t);
  ops = await documentedOperations(t.baseUrl);
});
afterAll(() => t.close());

it('every route of the API has an access decision', () => {
  expect(ops.length).toBeGreaterThan(50);
  expect(ops.map((o) => o.key).filter((k) => !ROUTES[k])).toEqual([]);
  // …and the table holds nothing the server no longer serves.
  expect(Object.keys(ROUTES).filter((k) => !ops.some((o) => o.key === k))).toEqual([]);
});

it('staff routes: each role is allowed or refused as decided, and store roles only on their own store', async () => {
  const wrong: string[] = [];
  for (const { key } of ops) {
    const route = ROUTES[key];
    if (!route || typeof route.access === 'string') continue;
    const method = key.split(' ')[0];
    const anonymous = await send(c, method, route.own(c), {});
    if (anonymous.body?.code !== 'AUTH_REQUIRED')
      wrong.push(`${key} anonymous → ${anonymous.status} ${anonymous.body?.code}`);
    for (const role of STAFF_ROLES) {
      const allowed = route.access.staff.includes(role);
      const own = await send(c, method, route.own(c), { staff: role });
      const ownOk = allowed
        ? !DENIED.has(own.body?.code) && own.status < 500
        : own.body?.code === 'ROLE_FORBIDDEN';
      if (!ownOk)
        wrong.push(
          `${key} as ${role} (own store): ${own.status} ${own.body?.code}, expected ${allowed ? 'allowed' : 'ROLE_FORBIDDEN'}`,
        );
      if (allowed && route.access.scoped && route.other) {
        const storeRole = role === 'STORE_MANAGER' || role === 'CASHIER';
        const other = await send(c, method, route.other(c), { staff: role });
        const otherOk = storeRole
          ? other.body?.code === 'STORE_FORBIDDEN'
          : !DENIED.has(other.body?.code) && other.status < 500;
        if (!otherOk)
          wrong.push(
            `${key} as ${role} (other store): ${other.status} ${other.body?.code}, expected ${storeRole ? 'STORE_FORBIDDEN' : 'allowed'}`,
          );
      }
    }
  }
  expect(wrong).toEqual([]);
});

it('member routes need a member token (a staff token is not one); POS routes need a signature; public routes need nothing', async () => {
  const wrong: string[] = [];
  const staff = await staffToken(t, 'HQ_ADMIN');
  for (const { key } of ops) {
    const route = ROUTES[key];
    const [method] = key.split(' ');
    const sample = route.own(c);
    if (route.access === 'member') {
      const none = await http(t.baseUrl, method, sample.path, { body: sample.body });
      const asStaff = await http(t.baseUrl, method, sample.path, { body: sample.body, token: staff });
      const ok = await send(c, method, sample, { member: true });
      if (none.status !== 401 || asStaff.status !== 401 || DENIED.has(ok.body?.code) || ok.status >= 500)
        wrong.push(
          `${key}: none ${none.status}, staff ${asStaff.status}, member ${ok.status} ${ok.body?.code}`,
        );
    } else if (route.access === 'pos') {
      const unsigned = await http(t.baseUrl, method, sample.path, { body: sample.body, token: staff });
      const signed = await send(c, method, sample, {});
      if (
        unsigned.body?.code !== 'POS_AUTH_MISSING' ||
        (signed.status >= 400 && signed.status !== 409 && signed.status !== 404)
      )
        wrong.push(`${key}: unsigned ${unsigned.body?.code}, signed ${signed.status} ${signed.body?.code}`);
    } else if (route.access === 'public') {
      const r = await send(c, method, sample, {});
      if (DENIED.has(r.body?.code) || r.status >= 500) wrong.push(`${key}: ${r.status} ${r.body?.code}`);
    }
  }
  expect(wrong).toEqual([]);
});
