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
import { createValidationPipe } from './common/validation';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the whole HTTP application (used by main.ts, the e2e tests and the dev launcher). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    rawBody: true, // the POS signature covers the exact body bytes
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
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
