// The executable entry: bin/paperboy.js loads the compiled form of this file.
import { answerThroughServer } from './cli-socket-client.js';

// A reader that stops early (`paperboy search … | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

// A running `paperboy serve` answers search, related and ask first, when there is one: nothing
// else (commander, zod, SQLite, the indexes) is loaded then.
const served = await answerThroughServer(process.argv);
if (served !== undefined) process.exitCode = served;
else await (await import('./main.js')).main(process.argv);
