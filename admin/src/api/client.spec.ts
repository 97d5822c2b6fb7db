import { TOKEN_STORAGE_KEY, getToken } from '../auth/token-storage';
import { mockFetch, type FetchMock } from '../test/fetch-mock';
import { ApiError, apiGet, apiPost, configureApiClient } from './client';

describe('api client', () => {
  let fetchMock: FetchMock;
  const notifyError = jest.fn();
  const onUnauthorized = jest.fn();

  beforeEach(() => {
    localStorage.clear();
    notifyError.mockReset();
    onUnauthorized.mockReset();
    configureApiClient({ notifyError, onUnauthorized });
  });
  afterEach(() => fetchMock?.restore());

  it('prefixes /api, sends the bearer token and returns the parsed body', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok-1');
    fetchMock = mockFetch({ 'GET /api/members': () => ({ status: 200, body: { items: [], total: 0 } }) });

    await expect(apiGet('/members', { query: { tier: 'gold', page: 2, q: undefined } })).resolves.toEqual({
      items: [],
      total: 0,
    });
    expect(fetchMock.requests[0]).toMatchObject({
      url: '/api/members?tier=gold&page=2',
      method: 'GET',
      headers: { Authorization: 'Bearer tok-1', Accept: 'application/json' },
    });
  });

  it('sends JSON bodies and omits Authorization without a token', async () => {
    fetchMock = mockFetch({ 'POST /api/things': () => ({ status: 201, body: { id: 't1' } }) });
    await expect(apiPost('/things', { a: 1 })).resolves.toEqual({ id: 't1' });
    expect(fetchMock.requests[0]?.body).toEqual({ a: 1 });
    expect(fetchMock.requests[0]?.headers['Content-Type']).toBe('application/json');
    expect(fetchMock.requests[0]?.headers.Authorization).toBeUndefined();
  });

  it('turns { code, message } into an ApiError and shows the message', async () => {
    fetchMock = mockFetch({
      'POST /api/coupons/redeem': () => ({
        status: 409,
        body: { code: 'COUPON_ALREADY_USED', message: '该券已核销' },
      }),
    });
    const error = await apiPost('/coupons/redeem', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'COUPON_ALREADY_USED', message: '该券已核销' });
    expect(notifyError).toHaveBeenCalledWith('该券已核销');
  });

  it('does not show the message for silent requests', async () => {
    fetchMock = mockFetch({
      'GET /api/x': () => ({ status: 400, body: { code: 'BAD', message: '参数错误' } }),
    });
    await expect(apiGet('/x', { silent: true })).rejects.toMatchObject({ code: 'BAD' });
    expect(notifyError).not.toHaveBeenCalled();
  });

  it('appends the error id of a 500 and falls back when the body is not an error body', async () => {
    fetchMock = mockFetch({
      'GET /api/a': () => ({ status: 500, body: { code: 'INTERNAL', message: '系统繁忙', errorId: 'e-42' } }),
      'GET /api/b': () => ({ status: 502 }),
    });
    await expect(apiGet('/a')).rejects.toMatchObject({ errorId: 'e-42' });
    expect(notifyError).toHaveBeenLastCalledWith('系统繁忙（错误编号 e-42）');
    await expect(apiGet('/b')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    expect(notifyError).toHaveBeenLastCalledWith('服务器繁忙，请稍后重试（HTTP 502）');
  });

  it('on 401 with a token: clears it and calls onUnauthorized once for parallel requests', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'expired');
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({
        status: 401,
        body: { code: 'AUTH_TOKEN_EXPIRED', message: '登录已失效' },
      }),
    });
    const results = await Promise.allSettled([apiGet('/auth/me'), apiGet('/auth/me')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(getToken()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(notifyError).toHaveBeenCalledTimes(1);
    expect(notifyError).toHaveBeenCalledWith('登录已过期，请重新登录');
  });

  it('on 401 without a token (bad credentials): reports the server message, no logout', async () => {
    fetchMock = mockFetch({
      'POST /api/auth/login': () => ({
        status: 401,
        body: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' },
      }),
    });
    await expect(apiPost('/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
      message: '用户名或密码错误',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports network failures', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = jest.fn().mockRejectedValue(new TypeError('Failed to fetch')) as typeof fetch;
    try {
      await expect(apiGet('/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
      expect(notifyError).toHaveBeenCalledWith('网络异常，请检查网络后重试');
    } finally {
      globalThis.fetch = original;
    }
  });
});
