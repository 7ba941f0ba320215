/**
 * Progress of a long job on one line of stderr: a percentage, the rate, an ETA; then a summary
 * line at the end (the total, the time taken, the rate). Drawn only when the stream is a terminal,
 * so logs, pipes and --json output stay clean; redrawn at most ten times a second. Every long
 * command (ingest, embed, topics, sync, eval…) reports through this module.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** How a count of the unit is written (default: a whole number, "12,345"). */
  format?: (n: number) => string;
  /** Tests: the clock, in ms. */
  now?: () => number;
}

export interface Progress {
  /**
   * `done` units so far; `total` when it becomes known or changes (a percentage and an ETA need
   * it); `detail` is shown after the rate ("48,000 records").
   */
  update(done: number, total?: number, detail?: string): void;
  /** Ends the line with the summary (the total, the time, the rate), `note` after it. */
  done(note?: string): void;
  /** Writes whole lines (a file's report) above the progress line, which is drawn again on the next update. */
  print(text: string): void;
}

const REDRAW_MS = 100;

const count = (n: number) => Math.round(n).toLocaleString('en');
const rateText = (rate: number) => (rate >= 10 ? count(rate) : rate.toFixed(1));

/** 75 s → "1:15", 3700 s → "1:01:40". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/** The one line: its parts joined, redrawn in place, at most every REDRAW_MS. */
function liveLine(title: string, options: ProgressOptions) {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const start = now();
  let drawn = -Infinity;
  return {
    tty: stream.isTTY === true,
    seconds: () => Math.max((now() - start) / 1000, 0.001),
    now,
    draw(fraction: number | undefined, parts: string[], eta: number | undefined) {
      const t = now();
      if (t - drawn < REDRAW_MS) return;
      drawn = t;
      const head = fraction === undefined ? [] : [`${Math.min(100, Math.floor(100 * fraction))}%`];
      const tail = eta === undefined || !Number.isFinite(eta) ? [] : [`ETA ${clock(eta)}`];
      stream.write(`\r\x1b[2K${title} ${[...head, ...parts, ...tail].join(' · ')}`);
    },
    print(text: string) {
      stream.write(this.tty ? `\r\x1b[2K${text}` : text);
      drawn = -Infinity;
    },
    end(summary: string) {
      stream.write(`\r\x1b[2K${title}: ${summary}\n`);
    },
  };
}

/** Off a terminal: no progress, and lines printed as they are. */
const silent = (stream: ProgressStream): Progress => ({ update: () => {}, done: () => {}, print: (text) => void stream.write(text) });

/** Counts `unit`s (papers, records, MB) towards `total` when known. */
export function progressBar(title: string, unit: string, total?: number, options: ProgressOptions = {}): Progress {
  const line = liveLine(title, options);
  if (!line.tty) return silent(options.stream ?? process.stderr);
  const n = options.format ?? count;
  const perSecond = options.format ?? rateText;
  let done = 0;
  return {
    update(now, newTotal, detail) {
      done = now;
      if (newTotal !== undefined) total = newTotal;
      const rate = done / line.seconds();
      const known = total !== undefined && total > 0;
      line.draw(
        known ? done / total! : undefined,
        [known ? `${n(done)} of ${n(total!)} ${unit}` : `${n(done)} ${unit}`, ...(done > 0 ? [`${perSecond(rate)} ${unit}/s`] : []), ...(detail ? [detail] : [])],
        known && done > 0 ? (total! - done) / rate : undefined,
      );
    },
    print: (text) => line.print(text),
    done(note) {
      const s = line.seconds();
      line.end(`${n(done)} ${unit} in ${clock(s)} (${perSecond(done / s)} ${unit}/s)${note ? `; ${note}` : ''}`);
    },
  };
}

export interface Phase {
  /** Its share of the whole job (any scale: the shares are normalised). */
  weight: number;
  /** What it counts; a phase without one shows no count or rate (training: a fraction of its epochs). */
  unit?: string;
}

export interface PhasedProgress {
  /** `done` of `total` of the phase's units; `detail` says more ("epoch 1 of 2"). */
  update(phase: string, done: number, total: number, detail?: string): void;
  done(note?: string): void;
}

/**
 * One percentage across a job's phases (embed: training the model, then embedding the papers),
 * each a share of the whole; the line names the phase in progress with its own count and rate.
 */
export function phasedProgress(title: string, phases: Record<string, Phase>, options: ProgressOptions = {}): PhasedProgress {
  const line = liveLine(title, options);
  if (!line.tty) return { update: () => {}, done: () => {} };
  const sum = Object.values(phases).reduce((n, p) => n + p.weight, 0);
  const startOf = new Map<string, number>();
  let acc = 0;
  for (const [name, p] of Object.entries(phases)) {
    startOf.set(name, acc);
    acc += p.weight / sum;
  }
  // A phase starts when the one before it last reported (the job's start for the first).
  let current: { name: string; since: number } | undefined;
  let last = line.now();
  return {
    update(name, done, total, detail) {
      const phase = phases[name];
      if (!phase) throw new RangeError(`no phase ${name}`);
      if (current?.name !== name) current = { name, since: last };
      last = line.now();
      const fraction = startOf.get(name)! + (phase.weight / sum) * (total > 0 ? Math.min(1, done / total) : 1);
      const rate = done / Math.max((line.now() - current.since) / 1000, 0.001);
      const overall = fraction / line.seconds();
      line.draw(
        fraction,
        [
          `${name}${detail ? ` (${detail})` : ''}${phase.unit ? `: ${count(done)} of ${count(total)} ${phase.unit}` : ''}`,
          ...(phase.unit && done > 0 ? [`${rateText(rate)} ${phase.unit}/s`] : []),
        ],
        fraction > 0 ? (1 - fraction) / overall : undefined,
      );
    },
    done(note) {
      line.end(`done in ${clock(line.seconds())}${note ? `; ${note}` : ''}`);
    },
  };
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : bytes < 1e8 ? 1 : 0);

/**
 * One bar over files read one after another, by bytes: the sizes of the files read, and of the
 * file being read a share estimated from its records against the records per byte of the files
 * before it (the first file shows its count until it is read); a size unknown (standard input)
 * leaves the whole without a percentage. The summary gives the files and the grand total of records.
 */
export function filesProgress(title: string, sizes: (number | undefined)[], options: ProgressOptions = {}) {
  const known = sizes.every((s) => s !== undefined);
  const bar = progressBar(title, 'MB', known ? sizes.reduce<number>((a, b) => a + b!, 0) : undefined, { ...options, format: megabytes });
  let bytesRead = 0;
  let recordsRead = 0;
  const records = (more: number) => `${count(recordsRead + more)} records`;
  return {
    /** `records` read so far of file `file` (its index). */
    reading(file: number, n: number) {
      const size = sizes[file] ?? 0;
      const share = recordsRead > 0 && bytesRead > 0 ? Math.min(0.99, n / ((size * recordsRead) / bytesRead || 1)) * size : 0;
      bar.update(bytesRead + share, undefined, records(n));
    },
    /** File `file` was read whole: `records` in all. */
    read(file: number, n: number) {
      bytesRead += sizes[file] ?? 0;
      recordsRead += n;
      bar.update(bytesRead, undefined, records(0));
    },
    print: (text: string) => bar.print(text),
    done(note?: string) {
      bar.done(`${sizes.length} ${sizes.length === 1 ? 'file' : 'files'}, ${records(0)}${note ? `: ${note}` : ''}`);
    },
  };
}

/**
 * Two bars in turn, for the evaluations: "indexing corpus" while the corpus loads, then `title`
 * (counting `unit`) once the first item is done. `finish` closes whichever is open.
 */
export function indexThenProgress(title: string, unit: string, total: number | undefined, stream: ProgressStream) {
  const ingestBar = progressBar('indexing corpus', 'documents', undefined, { stream });
  const workBar = progressBar(title, unit, total, { stream });
  let indexed = false;
  return {
    onProgress: (n: number) => ingestBar.update(n),
    onItem: (n: number) => {
      if (!indexed) ingestBar.done();
      indexed = true;
      workBar.update(n);
    },
    finish: () => {
      if (!indexed) ingestBar.done();
      else workBar.done();
    },
  };
}
