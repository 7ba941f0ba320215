/** The library a read command works on: the server's own Library, read in place. */
import { Library } from '../library/library.js';
import { isCorruptArtifact } from '../store/artifact-file.js';
import type { CliContext } from './main.js';
import { indexNotSaved } from './output.js';

/**
 * Runs `fn` over the library in Library's one-shot mode (indexes read in place, only what the
 * command needs), or over the running server's when the command runs inside `paperboy serve`. A
 * damaged index file met midway has been removed by the store: the command runs once more, which
 * rebuilds it.
 */
export async function withLibrary<T>(ctx: CliContext, fn: (library: Library) => Promise<T>): Promise<T> {
  if (ctx.library) return fn(ctx.library);
  for (let attempt = 1; ; attempt++) {
    const library = Library.open(ctx.config(), undefined, { oneShot: { warn: indexNotSaved(ctx.err) } });
    try {
      return await fn(library);
    } catch (err) {
      if (attempt > 1 || !isCorruptArtifact(err)) throw err;
      ctx.err.write(`note: ${(err as Error).message}\n`);
    } finally {
      await library.close();
    }
  }
}
