/**
 * Diner sessions across instances (issue 13): each instance remembers a checked token for a
 * minute, so a sign-out must reach the others at once — over Redis pub/sub — not after the cache
 * expires. Two server instances on one database and Redis.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/bootstrap';
import { MemberSessions } from '../src/auth/member-sessions.service';
import { aMember, memberToken } from './fixtures';
import { http, startApp, TestApp } from './harness';
import { TEST_REDIS } from './processes';

let a: TestApp;
let b: NestFastifyApplication;
let baseB: string;

beforeAll(async () => {
  a = await startApp({ redisUrl: TEST_REDIS });
  b = await createApp({ ...a.db.config, adminDist: null, miniappDist: null, redisUrl: TEST_REDIS });
  await b.listen({ port: 0, host: '127.0.0.1' });
  baseB = `http://127.0.0.1:${(b.getHttpServer().address() as { port: number }).port}`;
  // B keeps sessions only once its revocation channel is live; wait for it, so B really caches.
  const sessions = b.get(MemberSessions) as unknown as { listening: boolean };
  for (let i = 0; i < 100 && !sessions.listening; i++) await new Promise((r) => setTimeout(r, 20));
  expect(sessions.listening).toBe(true);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

it('a sign-out on one instance is refused on the other at once, though it had cached the session', async () => {
  const m = await aMember(a, { phone: '13700000001' });
  const token = await memberToken(a, m.id);
  expect((await http(baseB, 'GET', '/api/member/me', { token })).status).toBe(200); // B caches it
  expect((await http(a.baseUrl, 'POST', '/api/member/auth/logout', { token })).status).toBeLessThan(300);
  // Pub/sub delivery takes a moment; well under a second, never the cache's minute.
  const started = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - started < 2000) {
    status = (await http(baseB, 'GET', '/api/member/me', { token })).status;
    if (status === 200) await new Promise((r) => setTimeout(r, 20));
  }
  expect(status).toBe(401);
  expect(Date.now() - started).toBeLessThan(1000);
  // A fresh token (new version) works on both.
  const fresh = await memberToken(a, m.id);
  expect((await http(baseB, 'GET', '/api/member/me', { token: fresh })).status).toBe(200);
});
