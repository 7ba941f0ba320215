// The executable entry: bin/paperboy.js loads the compiled form of this file.
import { main } from './main.js';

// A reader that stops early (`paperboy search … | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

await main(process.argv);
