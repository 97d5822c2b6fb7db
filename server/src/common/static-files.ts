import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function fileIn(root: string, rel: string): string | null {
  const full = resolve(root, normalize(rel).replace(/^([/\\])+/, ''));
  if (full !== root && !full.startsWith(root + sep)) return null; // no escaping the folder
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/**
 * Serves a single-page app under `prefix`: real files as they are (hashed assets cached for a year),
 * every other path gets index.html so the browser router sees `/m/?store=…&table=…`.
 */
export function serveSpa(fastify: FastifyInstance, prefix: string, root: string): void {
  const absRoot = resolve(root);
  const handler = (req: FastifyRequest, reply: FastifyReply) => {
    const rel = decodeURIComponent((req.params as { '*': string })['*'] ?? '');
    const file = (rel && fileIn(absRoot, rel)) || join(absRoot, 'index.html');
    const isIndex = file.endsWith('index.html');
    void reply
      .header('content-type', MIME[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', isIndex ? 'no-cache' : 'public, max-age=31536000, immutable')
      .send(createReadStream(file));
  };
  fastify.get(prefix, (_req, reply) => void reply.redirect(`${prefix}/`));
  fastify.get(`${prefix}/*`, handler);
}
