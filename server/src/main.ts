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
  app.enableShutdownHooks();
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

if (require.main === module) void main();
