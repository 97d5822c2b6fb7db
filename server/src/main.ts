import cluster from 'node:cluster';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createApp } from './bootstrap';
import { seedDemo } from './seed/demo-seed';
import { productionSafetyProblems, UnsafeProductionError } from './security/production-safety';

/**
 * Builds the app the way the server runs: demo seed only when the config asks for it (never in
 * production), and in production a refusal to start while demo credentials exist.
 */
export async function boot(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createApp(config);
  const log = app.getHttpAdapter().getInstance().log;
  if (config.seedDemo) {
    const seeded = await seedDemo(app);
    if (!seeded.skipped)
      log.warn(
        { ...seeded, posKey: seeded.posKey.keyId },
        'seeded the demo chain (demo passwords: never use this database in production)',
      );
  }
  if (config.nodeEnv === 'production') {
    const problems = await productionSafetyProblems(app);
    if (problems.length) {
      await app.close();
      throw new UnsafeProductionError(problems);
    }
  }
  return app;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`配置错误 / config error: ${e.message}`);
      process.exit(78);
    }
    throw e;
  }
  if (config.workers > 1 && cluster.isPrimary) return supervise(config.workers);
  // A cluster worker listens for the stop from the start: one asked to stop while still booting
  // closes as soon as it is up (the supervisor would otherwise wait for it for ever).
  let stopRequested = false;
  let stop: (() => void) | null = null;
  if (cluster.isWorker) {
    const request = () => {
      stopRequested = true;
      stop?.();
    };
    // The supervisor asks once; a terminal's Ctrl-C or systemd may also signal the worker itself.
    process.on('SIGTERM', request);
    process.on('SIGINT', request);
    process.on('message', (m) => m === 'shutdown' && request());
  }
  let app: NestFastifyApplication;
  try {
    app = await boot(config);
  } catch (e) {
    if (e instanceof UnsafeProductionError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  if (cluster.isWorker) {
    let closing = false;
    stop = () => {
      if (closing) return;
      closing = true;
      void app.close().then(() => process.exit(0));
    };
    if (stopRequested) return stop();
  } else app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
  const url = `http://127.0.0.1:${config.port}`;
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      { database: config.database.kind, integrations: config.integrationsMode },
      `Tableside listening on ${url} (API ${url}/api, docs ${url}/api/docs)`,
    );
}

/**
 * WORKERS > 1: this process only supervises. Workers start one after another (the first migrates
 * the database and, in development, seeds it; the next starts once the previous listens), share the
 * port, and one that dies is replaced. SIGTERM / SIGINT ask every worker to shut down gracefully
 * (readiness 503, in-flight requests and batches finish); the supervisor exits when all have.
 */
function supervise(n: number): void {
  let stopping = false;
  const start = (): Promise<void> =>
    new Promise((ready) => {
      const worker = cluster.fork();
      worker.once('listening', () => ready());
      worker.once('exit', (code, signal) => {
        ready();
        if (stopping) return;
        if (code === 78) {
          // A configuration or production-safety refusal: another worker would refuse the same way.
          stopping = true;
          for (const w of Object.values(cluster.workers ?? {})) w?.kill();
          process.exitCode = 78;
          return;
        }
        console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another in 1 s`);
        setTimeout(() => void start(), 1000);
      });
    });
  void (async () => {
    for (let i = 0; i < n && !stopping; i++) await start();
    if (!stopping) console.log(`Tableside: ${n} workers listening`);
  })();
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send('shutdown');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) void main();
