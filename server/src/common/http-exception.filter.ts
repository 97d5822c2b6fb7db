import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AppError, CommonErrors } from './app-error';

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/** Fastify's own errors (body parsing, size) carry a `code` like FST_ERR_CTP_INVALID_JSON_BODY. */
function fromFastifyError(err: { code?: string; statusCode?: number }): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return CommonErrors.MALFORMED_JSON();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return CommonErrors.PAYLOAD_TOO_LARGE();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return CommonErrors.UNSUPPORTED_MEDIA_TYPE();
    default:
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return CommonErrors.VALIDATION_FAILED();
      }
      return null;
  }
}

/**
 * The one place errors become HTTP answers: the real status and `{ code, message }`; for a 500
 * only an error id goes out, the details go to the log. Never a 200 with an error.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, body } = this.toResponse(exception, request);
    if (status === 429) {
      const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      void reply.header('retry-after', String(retry ?? 60));
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toResponse(exception: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: {
          code: exception.code,
          message: exception.message,
          ...(exception.details ? { details: exception.details } : {}),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const inner = (exception.cause ?? exception.getResponse()) as { code?: string } | undefined;
      const parse = fromFastifyError({ code: inner?.code });
      if (parse) return { status: parse.status, body: { code: parse.code, message: parse.message } };
      if (status === 400 && /JSON/i.test(exception.message)) {
        const e = CommonErrors.MALFORMED_JSON();
        return { status: 400, body: { code: e.code, message: e.message } };
      }
      const res = exception.getResponse() as { code?: string; message?: unknown } | string;
      if (typeof res === 'object' && res && typeof res.code === 'string') {
        return { status, body: { code: res.code, message: String(res.message ?? '') } };
      }
      if (status === 404)
        return { status, body: { code: 'NOT_FOUND', message: CommonErrors.NOT_FOUND().message } };
      if (status === 413)
        return {
          status,
          body: { code: 'PAYLOAD_TOO_LARGE', message: CommonErrors.PAYLOAD_TOO_LARGE().message },
        };
      if (status === 429)
        return {
          status,
          body: { code: 'TOO_MANY_REQUESTS', message: CommonErrors.TOO_MANY_REQUESTS().message },
        };
      if (status < 500) {
        const e = CommonErrors.VALIDATION_FAILED();
        return { status, body: { code: e.code, message: e.message } };
      }
    }
    // Lock contention that outlived the transaction runner's retries is a business answer, not a crash.
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY') {
        const e = CommonErrors.CONCURRENT_UPDATE();
        return { status: e.status, body: { code: e.code, message: e.message } };
      }
    }
    const fst = exception as { code?: string; statusCode?: number };
    if (fst && typeof fst === 'object') {
      const mapped = fromFastifyError(fst);
      if (mapped) return { status: mapped.status, body: { code: mapped.code, message: mapped.message } };
    }
    const errorId = randomUUID();
    this.logger.error(
      {
        errorId,
        reqId: request?.id,
        err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception,
      },
      'unhandled error',
    );
    const e = CommonErrors.INTERNAL_ERROR();
    return { status: 500, body: { code: e.code, message: e.message, errorId } };
  }
}
