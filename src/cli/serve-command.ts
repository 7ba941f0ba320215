import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { PaperboyError } from '../core/errors.js';
import { createApp } from '../http/app.js';
import { Library } from '../library/library.js';
import type { CliContext } from './main.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the web pages and the JSON API (/api, described at /api/openapi.json)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: { port: string; host: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PaperboyError('BAD_INPUT', `--port must be a whole number from 0 to 65535, not ${flags.port}`);
      const config = ctx.config();
      const library = Library.open(config);
      const app = createApp(library);
      await new Promise<void>((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: flags.host }, (info) => {
          const host = info.address.includes(':') ? `[${info.address}]` : info.address;
          ctx.out.write(`paperboy: serving ${config.dataDir} at http://${host}:${info.port}/ (${config.access ?? 'open'} access; Ctrl-C stops)\n`);
        });
        server.on('error', (err: NodeJS.ErrnoException) => {
          void library.close();
          reject(new PaperboyError('BAD_INPUT', `cannot listen on ${flags.host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`));
        });
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          ctx.err.write('paperboy: stopping\n');
          // Stop accepting, let requests in flight finish, then close the library.
          server.close(() => {
            library.close().then(() => resolve(), reject);
          });
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
