/**
 * A business error with a stable machine-readable code, a Chinese message for the person at the
 * counter, and the HTTP status it maps to. Each feature declares its own in `<feature>.errors.ts`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    // A 4xx is an answer, not a fault: no stack trace is captured for it (at a flash sale 95% of
    // claims end in 409 "sold out", and capturing a stack was a visible share of each one's CPU).
    super(quietFor(status, message));
    Error.stackTraceLimit = savedLimit;
  }
}

let savedLimit = Error.stackTraceLimit;
/** Runs as super()'s argument, so the limit is 0 while Error's constructor captures the stack. */
function quietFor(status: number, message: string): string {
  savedLimit = Error.stackTraceLimit;
  if (status < 500) Error.stackTraceLimit = 0;
  return message;
}

export interface ErrorSpec {
  status: number;
  message: string;
}

/** Turns `{ CODE: { status, message } }` into factories: `XErrors.CODE(details?)` → AppError. */
export function defineErrors<K extends string>(specs: Record<K, ErrorSpec>) {
  const out = {} as Record<K, (details?: Record<string, unknown>, message?: string) => AppError>;
  for (const code of Object.keys(specs) as K[]) {
    const spec = specs[code];
    out[code] = (details, message) => new AppError(code, spec.status, message ?? spec.message, details);
  }
  return out;
}

export const CommonErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, message: '请求参数不正确' },
  MALFORMED_JSON: { status: 400, message: '请求体不是合法的 JSON' },
  JSON_TOO_DEEP: { status: 400, message: '请求体嵌套层级过深' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求体类型不受支持，请使用 application/json' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求体过大' },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该请求方法' },
  TOO_MANY_REQUESTS: { status: 429, message: '请求过于频繁，请稍后再试' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '同一个 requestId 已用于另一笔不同的请求' },
  CONCURRENT_UPDATE: { status: 409, message: '操作冲突，请重试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误，请稍后重试' },
  REPORTS_UNAVAILABLE: { status: 503, message: '报表数据库暂时无法连接，收银和会员不受影响，请稍后再试' },
});
