import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { PaperboyError } from '../core/errors.js';
import { createApp } from '../http/app.js';
import { Library } from '../library/library.js';
import { llmEngineFactory } from '../ask/llm-engine-factory.js';
import { scheduleInterval } from '../sync/duration.js';
import { syncFollowed } from '../sync/run-sync.js';
import { startSchedule, type Schedule } from '../sync/schedule.js';
import type { CliContext } from './main.js';
import { removeServerRecord, writeServerRecord } from '../store/server-file.js';
import { listenForCli } from './cli-socket-server.js';
import { wholeNumberFlag } from './whole-number-flag.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the web pages and the JSON API (/api, described at /api/openapi.json)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--sync-every <duration>', 'sync the sources the library follows (paperboy sync --list) every 30m, 6h, 1d…')
    .action(async (flags: { port: string; host: string; syncEvery?: string }) => {
      const syncEvery = flags.syncEvery === undefined ? undefined : scheduleInterval(flags.syncEvery, '--sync-every');
      const port = wholeNumberFlag(flags.port, '--port', { max: 65535 });
      const config = ctx.config();
      const library = Library.open(config);
      // Answers are written by the configured LLM ($PAPERBOY_LLM_URL …), else extractively.
      library.answerEngine = await llmEngineFactory(config);
      const app = createApp(library);
      let schedule: Schedule | undefined;
      let cli: Awaited<ReturnType<typeof listenForCli>>;
      await new Promise<void>((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: flags.host }, (info) => {
          // The address bound (with --port 0, the port picked), as the CLI's feed URLs use it too.
          const host = info.address.includes(':') ? `[${info.address}]` : info.address;
          const url = `http://${host}:${info.port}`;
          ctx.out.write(`paperboy: serving ${config.dataDir} at ${url}/ (${config.access ?? 'open'} access; Ctrl-C stops)\n`);
          if (syncEvery !== undefined) schedule = scheduleSync(library, syncEvery, ctx);
          // Indexes loaded ahead of the first search (a second or more at 75k papers); a failure
          // here is met again, and reported, by the request that needs them.
          void Promise.all([library.lexical(), library.semantic()]).catch(() => undefined);
          // search, related and ask from the CLI are answered here, over the loaded indexes.
          listenForCli(library, (err) => ctx.err.write(`paperboy: a CLI request failed: ${err.message}\n`))
            .then((listening) => {
              cli = listening;
              writeServerRecord(config.dataDir, { pid: process.pid, url, ...(listening ? { socket: listening.socket } : {}) });
            })
            .catch((err: unknown) => ctx.err.write(`paperboy: CLI commands will not use this server: ${err instanceof Error ? err.message : String(err)}\n`));
        });
        server.on('error', (err: NodeJS.ErrnoException) => {
          void library.close();
          reject(new PaperboyError('BAD_INPUT', `cannot listen on ${flags.host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`));
        });
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          ctx.err.write('paperboy: stopping\n');
          // Stop accepting, let requests and a sync in flight finish, then close the library.
          removeServerRecord(config.dataDir, process.pid);
          server.close(() => {
            Promise.all([schedule?.stop(), cli?.close()]).then(() => library.close()).then(() => resolve(), reject);
          });
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/** Syncs the followed sources on a timer, one run at a time and never beside an upload's ingest. */
function scheduleSync(library: Library, everyMs: number, ctx: CliContext): Schedule {
  return startSchedule(
    everyMs,
    () =>
      library.exclusive(async () => {
        // A server runs for days: the date read at start may be older than today, unless
        // $PAPERBOY_TODAY pinned it (then it stays put, as it does for every other command).
        const { today, todayPinned } = library.config;
        const now = new Date().toISOString().slice(0, 10);
        const reports = await syncFollowed(library.store, { today: todayPinned || today > now ? today : now });
        await library.persist();
        for (const r of reports) {
          ctx.err.write(`paperboy: sync ${r.key}: ${r.added} new papers${r.error ? `; error: ${r.error.message}` : ''}\n`);
        }
      }),
    (err) => ctx.err.write(`paperboy: sync failed: ${err instanceof Error ? err.message : String(err)}\n`),
  );
}
