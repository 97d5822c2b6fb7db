import { message as staticMessage } from 'antd';
import { ADMIN_BASENAME, API_BASE } from '../constants';
import { clearToken, getToken } from '../auth/token-storage';

/** The server's error body: every non-2xx response carries `{ code, message }` (500s add `errorId`). */
export interface ApiErrorBody {
  code: string;
  message: string;
  errorId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  /** Query string parameters; `null`/`undefined` values are skipped. */
  query?: QueryParams;
  signal?: AbortSignal;
  /** Do not show the error toast; the caller renders the error itself (e.g. inline on a form). */
  silent?: boolean;
}

export interface ApiClientHandlers {
  /** Shows an error to the user. The app wires this to antd's `App.useApp().message`. */
  notifyError: (text: string) => void;
  /** Called once when an authenticated request gets 401; the token is already cleared. */
  onUnauthorized: () => void;
}

const handlers: ApiClientHandlers = {
  notifyError: (text) => {
    void staticMessage.error(text);
  },
  onUnauthorized: () => {
    window.location.assign(`${ADMIN_BASENAME}/login`);
  },
};

export function configureApiClient(overrides: Partial<ApiClientHandlers>): void {
  Object.assign(handlers, overrides);
}

export function apiGet<T>(path: string, options?: RequestOptions): Promise<T> {
  return request<T>('GET', path, undefined, options);
}

export function apiPost<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
  return request<T>('POST', path, body, options);
}

async function request<T>(
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const token = getToken();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw networkFailure(options);
  }

  const payload = await readJson(response);
  if (response.ok) return payload as T;
  throw failure(response.status, payload, token, options);
}

/** The error for a non-2xx answer; a 401 on a signed-in request also logs out (once). */
export function failure(
  status: number,
  payload: unknown,
  token: string | null,
  options: RequestOptions = {},
): ApiError {
  const error = toApiError(status, payload);
  if (status === 401 && token) {
    // Only the first of several parallel 401s (same stale token) logs out and tells the user.
    if (getToken() !== token) return error;
    clearToken();
    handlers.onUnauthorized();
    return report(new ApiError(401, error.code, '登录已过期，请重新登录'), options);
  }
  return report(error, options);
}

export function networkFailure(options: RequestOptions = {}): ApiError {
  return report(new ApiError(0, 'NETWORK_ERROR', '网络异常，请检查网络后重试'), options);
}

function buildUrl(path: string, query?: QueryParams): string {
  const url = `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorBody(payload: unknown): payload is ApiErrorBody {
  if (typeof payload !== 'object' || payload === null) return false;
  const candidate = payload as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

function toApiError(status: number, payload: unknown): ApiError {
  if (isErrorBody(payload)) {
    return new ApiError(status, payload.code, payload.message, payload.errorId);
  }
  return new ApiError(status, `HTTP_${status}`, fallbackMessage(status));
}

function fallbackMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的资源不存在';
  if (status >= 500) return `服务器繁忙，请稍后重试（HTTP ${status}）`;
  return `请求失败（HTTP ${status}）`;
}

function report(error: ApiError, options: RequestOptions): ApiError {
  if (!options.silent) {
    handlers.notifyError(error.errorId ? `${error.message}（错误编号 ${error.errorId}）` : error.message);
  }
  return error;
}
