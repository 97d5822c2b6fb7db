import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** 11-digit mainland mobile numbers anywhere in a logged string become 138****1234. */
export function maskPhonesInText(s: string): string {
  return s.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

/** Headers and fields that must never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-signature"]',
  'req.headers["x-pos-key"]',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.passwordHash',
  '*.codeSecret',
  '*.phone',
];

/**
 * `buffered` (production): lines are written to stdout in blocks of about 4 KB rather than one
 * write (a system call) per line, two per request. Flushed on exit; a process killed with SIGKILL
 * can lose its last few lines.
 */
export function createRootLogger(level: string, buffered = false): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'tableside' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url ? maskPhonesInText(req.url) : req.url,
        }),
      },
    },
    pino.destination({ dest: 1, sync: !buffered, ...(buffered ? { minLength: 4096 } : {}) }),
  );
}

/** Nest's LoggerService over the same pino instance, so framework and request logs share one format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object') {
      const [msg] = rest;
      this.logger[level](
        { context, ...(message as object) },
        typeof msg === 'string' && msg !== context ? msg : undefined,
      );
    } else {
      this.logger[level]({ context }, maskPhonesInText(String(message)));
    }
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
