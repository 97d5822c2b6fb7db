import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './bootstrap';
import { seedDemo } from './seed/demo-seed';

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
  const app = await createApp(config);
  app.enableShutdownHooks();
  if (config.seedDemo) {
    const seeded = await seedDemo(app);
    if (!seeded.skipped) {
      app
        .getHttpAdapter()
        .getInstance()
        .log.warn(
          { ...seeded, posKey: seeded.posKey.keyId },
          'seeded the demo chain (demo passwords: change them before real use)',
        );
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const url = `http://127.0.0.1:${config.port}`;
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      { database: config.database.kind, simulators: config.simulators },
      `Tableside listening on ${url} (API ${url}/api, docs ${url}/api/docs)`,
    );
}

void main();
