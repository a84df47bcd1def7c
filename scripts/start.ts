// npm start: every function behind one local HTTP server, on embedded defaults when no services
// are configured. Prints one banner saying what runs embedded.
import { describeEmbedded, describeServices, useDevParts } from '../dev/embedded.js';
import { startDevServer } from '../dev/server.js';
import { type App, getApp } from '../lib/app/container.js';
import { ConfigError } from '../lib/platform/config/index.js';

function appOrExit(): App {
  try {
    return getApp();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`weapp-scf: configuration error: ${problem}`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  useDevParts();
  const app = appOrExit();
  const { config } = app;
  const dev = await startDevServer(config.port, process.env.HOST || '127.0.0.1').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        console.error(`weapp-scf: port ${config.port} is in use; set PORT to another port`);
        process.exit(1);
      }
      throw err;
    },
  );
  const host = process.env.HOST ?? '127.0.0.1';
  const lines = [
    `weapp-scf dev server listening on ${dev.url} (HOST=${host}, PORT=${config.port})`,
    'services, and [the variables that choose a real one]:',
    ...describeServices(config),
    ...(describeEmbedded(config).length > 0
      ? ['embedded services are for local runs only: SCF refuses them']
      : []),
    `open ${dev.url}/ for the playground, the game and every route`,
    `try: curl -X POST ${dev.url}/login -d '{"code":"abc"}'`,
    `  the game's WebSocket: ${dev.url.replace(/^http/, 'ws')}/game`,
  ];
  console.log(lines.join('\n'));
  const stop = async () => {
    await dev.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
