import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];

/**
 * Swagger UI at /api/docs over the JSON document at /api/docs/openapi.json. Served from
 * swagger-ui-dist directly, so the UI needs no extra Fastify plugin.
 */
export function serveSwaggerUi(fastify: FastifyInstance): void {
  const dist = dirname(require.resolve('swagger-ui-dist/package.json'));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Tableside API 文档</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;
  fastify.get(
    '/api/docs',
    (_req, reply) => void reply.header('content-type', 'text/html; charset=utf-8').send(html),
  );
  fastify.get('/api/docs/assets/:file', (req, reply) => {
    const file = (req.params as { file: string }).file;
    if (!ASSETS.includes(file) || !existsSync(join(dist, file)))
      return void reply.status(404).send({ code: 'NOT_FOUND', message: '请求的资源不存在' });
    void reply
      .header(
        'content-type',
        file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      )
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(join(dist, file)));
  });
}
