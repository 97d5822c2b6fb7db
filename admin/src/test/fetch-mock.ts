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
  return {
    ok: status >= 200 && status < 300,
    status,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  } as Response;
}

/** Installs a fetch mock routing `METHOD /path` to handlers; unknown routes answer 404. */
export function mockFetch(routes: Record<string, Handler>): FetchMock {
  const requests: RecordedRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request: RecordedRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
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
