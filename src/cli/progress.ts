/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and pipes stay
 * clean), at most ten times a second.
 */
export interface Progress {
  update(done: number, label?: string): void;
  done(message?: string): void;
}

export function progressBar(title: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const start = Date.now();
  let last = 0;
  const draw = (n: number, label: string) => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const rate = Math.round(n / secs);
    const width = 24;
    const bar =
      total && total > 0
        ? `[${'#'.repeat(Math.min(width, Math.round((n / total) * width))).padEnd(width, '.')}] ${Math.min(100, Math.floor((n / total) * 100))}%`
        : '';
    stream.write(`\r\x1b[2K${title} ${bar} ${n.toLocaleString('en')} ${label} (${rate.toLocaleString('en')}/s)`);
  };
  return {
    update(n, label = 'records') {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(n, label);
    },
    done(message) {
      stream.write('\r\x1b[2K');
      if (message) stream.write(`${message}\n`);
    },
  };
}

/**
 * Two bars in turn, for the evaluations: "indexing corpus" while the corpus loads, then `title`
 * (counting `unit`) once the first item is done. `finish` closes whichever is open.
 */
export function indexThenProgress(title: string, unit: string, total: number | undefined, stream: NodeJS.WriteStream) {
  const ingestBar = progressBar('indexing corpus', undefined, stream);
  const workBar = progressBar(title, total, stream);
  let indexed = false;
  return {
    onProgress: (n: number) => ingestBar.update(n, 'documents'),
    onItem: (n: number) => {
      if (!indexed) ingestBar.done();
      indexed = true;
      workBar.update(n, unit);
    },
    finish: () => {
      if (!indexed) ingestBar.done();
      workBar.done();
    },
  };
}
