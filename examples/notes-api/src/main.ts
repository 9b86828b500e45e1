// Starts the service; SIGTERM or SIGINT close it (in-flight requests finish, Redis is closed)
// and the process ends by itself, without process.exit.
import { buildApp } from './app.js';
import { ConfigError, readConfig } from './config.js';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const app = await buildApp(config);
  const address = await app.listen({ host: config.host, port: config.port });
  process.stderr.write(`notes-api: listening on ${address}\n`);
  const stop = () => {
    app.close().catch((error: unknown) => {
      app.log.error({ err: error }, 'close failed');
      process.exitCode = 1;
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`notes-api: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
