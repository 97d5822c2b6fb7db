/**
 * Mocks `fetch` — the boundary between the admin and the server — with canned JSON responses.
 * jsdom has no fetch/Response, so responses are minimal objects with what the client reads.
 */

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => { status: number; body?: unknown };

export interface FetchMock {
  requests: RecordedRequest[];
  restore: () => void;
}

export function jsonResponse(status: number, body?: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Response(text || null, { status, headers: { 'content-type': 'application/json' } });
}

/** Installs a fetch mock routing `METHOD /path` to handlers; unknown routes answer 404. */
export function mockFetch(routes: Record<string, Handler>): FetchMock {
  const requests: RecordedRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    // The typed client (openapi-fetch) passes a Request; the plain client passes (url, init).
    const isRequest = typeof input === 'object' && input !== null && 'url' in input && 'method' in input;
    const rawBody = isRequest ? await (input as Request).clone().text() : init?.body;
    const headers: Record<string, string> = {};
    if (isRequest)
      (input as Request).headers.forEach(
        (v, k) => (headers[k === 'authorization' ? 'Authorization' : k] = v),
      );
    else Object.assign(headers, (init?.headers ?? {}) as Record<string, string>);
    const url = isRequest
      ? new URL((input as Request).url).pathname + new URL((input as Request).url).search
      : String(input);
    const request: RecordedRequest = {
      url,
      method: isRequest ? (input as Request).method : (init?.method ?? 'GET'),
      headers,
      body: typeof rawBody === 'string' && rawBody ? (JSON.parse(rawBody) as unknown) : undefined,
    };
    requests.push(request);
    const handler = routes[`${request.method} ${request.url.split('?')[0]}`];
    if (!handler) return jsonResponse(404, { code: 'NOT_FOUND', message: '请求的资源不存在' });
    const { status, body } = handler(request);
    return jsonResponse(status, body);
  }) as typeof fetch;
  return {
    requests,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
