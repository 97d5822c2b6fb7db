/**
 * The typed API client: `openapi-fetch` over `schema.d.ts`, which `scripts/gen-api.mjs` generates
 * from the server's OpenAPI document (CI fails when it is stale). Paths, query parameters, bodies
 * and answers are all checked by TypeScript against the server's DTOs.
 *
 *   const page = await ok(api.GET('/api/admin/members', { params: { query: { tiers: 'GOLD' } } }));
 */
import createClient from 'openapi-fetch';
import { getToken } from '../auth/token-storage';
import { failure, networkFailure, type RequestOptions } from './client';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  // Looked up per call, not captured once, so tests (and anything that wraps fetch) are honoured.
  fetch: (request: Request) => globalThis.fetch(request),
});

api.use({
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

/** Resolves to the answer's body, or throws the ApiError the rest of the app shows (toast, 401 → login). */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  options: RequestOptions = {},
): Promise<T> {
  const token = getToken();
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw networkFailure(options);
  }
  if (result.response.ok) return result.data as T;
  throw failure(result.response.status, result.error, token, options);
}
