import 'reflect-metadata';
import { ALL_MODULES } from '../modules';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

/** The composition root: the only place that reads the module registry. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const app = await createApp(config, ALL_MODULES);
  console.log(`OneDoor ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${app.server.url} (modules: ${app.services.modules.names.join(', ')})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining connections and stopping …`);
    const timer = setTimeout(() => {
      console.error('Shutdown took longer than 15 s; exiting.');
      process.exit(1);
    }, 15_000);
    try {
      await app.stop();
      clearTimeout(timer);
      process.exit(0);
    } catch (e) {
      console.error('Shutdown failed', e);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
  process.exit(1);
});
