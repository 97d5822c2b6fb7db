#!/usr/bin/env node
// Serves the h5 build the way the API server does: dist/h5 under /m/, with an index.html
// fallback so browser-router URLs such as /m/pages/index/index?store=12&table=5 load the app.
// Optionally forwards /api/* to a running API server.
// Usage: PORT=8090 API_PROXY=http://127.0.0.1:3000 node scripts/serve-h5.mjs [distDir]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? path.join(appRoot, 'dist/h5'));
const port = Number(process.env.PORT ?? 8090);
const host = process.env.HOST ?? '127.0.0.1';
const apiProxy = process.env.API_PROXY ? new URL(process.env.API_PROXY) : undefined;
const BASE = '/m/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`serve-h5: ${root}/index.html not found — run \`pnpm build:h5\` first.`);
  process.exit(1);
}

function sendFile(res, file, method) {
  const ext = path.extname(file);
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    // Hashed assets never change; index.html must always be revalidated.
    'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  if (method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

function proxy(req, res) {
  const upstream = http.request(
    {
      hostname: apiProxy.hostname,
      port: apiProxy.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: apiProxy.host },
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('api proxy error');
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (apiProxy && url.pathname.startsWith('/api/')) return proxy(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  if (url.pathname === '/' || url.pathname === '/m') {
    res.writeHead(302, { location: `${BASE}${url.search}` }).end();
    return;
  }
  if (!url.pathname.startsWith(BASE)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  let rel;
  try {
    rel = decodeURIComponent(url.pathname.slice(BASE.length));
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = path.resolve(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  if (rel !== '' && fs.existsSync(file) && fs.statSync(file).isFile()) return sendFile(res, file, req.method);
  // A missing asset is a 404; any other path is a client-side route → index.html.
  if (path.extname(rel) !== '') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  sendFile(res, path.join(root, 'index.html'), req.method);
});

server.listen(port, host, () => {
  console.log(
    `serve-h5: http://${host}:${port}${BASE} → ${root}${apiProxy ? `, /api → ${apiProxy.origin}` : ''}`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
