import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { serveSpa } from './common/static-files';
import { serveSwaggerUi } from './common/swagger-ui';
import { createValidationPipe, jsonDepth, MAX_JSON_DEPTH } from './common/validation';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { CommonErrors } from './common/app-error';
import { setPasswordCost } from './common/crypto';
import { RateLimitService } from './rate-limit/rate-limit.service';

/**
 * Helmet's headers, computed once: they are the same for every response, and @fastify/helmet
 * rebuilt the whole policy on every request (5% of a flash sale's CPU).
 */
function registerSecurityHeaders(fastify: FastifyInstance, hsts: boolean): void {
  const headers: Record<string, string> = {};
  helmet({
    // The admin and the h5 mini-program are same-origin SPAs; Swagger UI needs inline bootstrap.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: hsts,
    crossOriginEmbedderPolicy: false,
  })(
    {} as IncomingMessage,
    {
      setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
      removeHeader: () => undefined,
    } as unknown as ServerResponse,
    () => undefined,
  );
  fastify.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * application/json: the exact bytes are kept for the POS signature, the nesting depth is bounded
 * before parsing (3,000 levels would overflow validation's recursion), and parsing is Fastify's own
 * secure parser (prototype poisoning refused).
 */
function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (req, body: Buffer, done) => {
      (req as unknown as { rawBody: Buffer }).rawBody = body;
      const text = body.toString('utf8');
      if (jsonDepth(text) > MAX_JSON_DEPTH) return done(CommonErrors.JSON_TOO_DEEP(), undefined);
      parse(req, text, done);
    },
  );
}

/** Builds the whole HTTP application (used by main.ts, the e2e tests and the dev launcher). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.logLevel, config.nodeEnv === 'production');
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (audit IPs, rate limits).
    trustProxy: config.trustProxy,
  });
  setPasswordCost(config.nodeEnv === 'test' ? 'test' : 'production');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false, // our own JSON parser below: keeps the raw bytes, bounds the nesting depth
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonParser(fastify);
  registerSecurityHeaders(fastify, config.nodeEnv === 'production');
  await app.get(RateLimitService).attach(fastify);
  // Set when the request arrives (a synchronous hook: an async onSend hook cost a promise per reply).
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tableside API')
      .setDescription('会员、积分、储值与电子券平台。POS 接口见 /api/pos/v1（HMAC 签名）。金额单位均为分。')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'staff')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'member')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, {
    swaggerUiEnabled: false,
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  serveSwaggerUi(fastify);

  if (config.adminDist) serveSpa(fastify, '/admin', config.adminDist);
  if (config.miniappDist) serveSpa(fastify, '/m', config.miniappDist);
  fastify.get('/', (_req, reply) => void reply.redirect(config.adminDist ? '/admin/' : '/api/docs'));
  return app;
}
