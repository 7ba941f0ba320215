import { describe, expect, it } from 'vitest';
import { clock, filesProgress, phasedProgress, progressBar } from './progress.js';

/** A terminal (or a pipe) that keeps what is written, and a clock moved by hand. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  let ms = 0;
  return {
    stream: { isTTY, write: (s: string) => writes.push(s) },
    writes,
    now: () => ms,
    advance: (by: number) => (ms += by),
  };
}

/** The lines as a terminal shows them: each redraw replaces the line. */
const shown = (writes: string[]) => writes.map((w) => w.replace('\r\x1b[2K', ''));

describe('progressBar', () => {
  it('draws one percentage, the count of the total, a true rate and an ETA on a terminal', () => {
    const t = fakeStream(true);
    const bar = progressBar('ingesting', 'MB', 200, { stream: t.stream, now: t.now });
    t.advance(10_000);
    bar.update(50);
    expect(shown(t.writes)).toEqual(['ingesting 25% · 50 of 200 MB · 5.0 MB/s · ETA 0:30']);
  });

  it('learns its total on the way, and shows a count and a rate while it has none', () => {
    const t = fakeStream(true);
    const bar = progressBar('indexing', 'papers', undefined, { stream: t.stream, now: t.now });
    t.advance(2_000);
    bar.update(3_000);
    t.advance(2_000);
    bar.update(6_000, 12_000);
    expect(shown(t.writes)).toEqual(['indexing 3,000 papers · 1,500 papers/s', 'indexing 50% · 6,000 of 12,000 papers · 1,500 papers/s · ETA 0:04']);
  });

  it('redraws at most ten times a second', () => {
    const t = fakeStream(true);
    const bar = progressBar('x', 'papers', 10, { stream: t.stream, now: t.now });
    for (let i = 1; i <= 5; i++) {
      t.advance(20);
      bar.update(i);
    }
    expect(t.writes).toHaveLength(1);
  });

  it('ends with a summary line: the grand total, the time taken and the rate', () => {
    const t = fakeStream(true);
    const bar = progressBar('ingesting', 'records', undefined, { stream: t.stream, now: t.now });
    t.advance(75_000);
    bar.update(150_000);
    bar.done('3 files');
    expect(shown(t.writes).at(-1)).toBe('ingesting: 150,000 records in 1:15 (2,000 records/s); 3 files\n');
  });

  it('prints lines above the progress line, which is drawn again at the next update', () => {
    const t = fakeStream(true);
    const bar = progressBar('ingesting', 'records', 10, { stream: t.stream, now: t.now });
    t.advance(1_000);
    bar.update(5);
    bar.print('a.txt: 5 records\n');
    bar.update(6);
    expect(t.writes).toEqual(['\r\x1b[2Kingesting 50% · 5 of 10 records · 5.0 records/s · ETA 0:01', '\r\x1b[2Ka.txt: 5 records\n', '\r\x1b[2Kingesting 60% · 6 of 10 records · 6.0 records/s · ETA 0:01']);
  });

  it('prints nothing at all on a pipe but the lines it is given', () => {
    const t = fakeStream(false);
    const bar = progressBar('ingesting', 'records', 10, { stream: t.stream, now: t.now });
    t.advance(1_000);
    bar.update(5);
    bar.done('done');
    bar.print('a.txt: 5 records\n');
    const phased = phasedProgress('embed', { a: { weight: 1, unit: 'x' } }, { stream: t.stream, now: t.now });
    phased.update('a', 1, 2);
    phased.done();
    expect(t.writes).toEqual(['a.txt: 5 records\n']);
  });
});

describe('phasedProgress', () => {
  it('shows one percentage across the phases, the phase in progress with its own rate, and an ETA', () => {
    const t = fakeStream(true);
    const p = phasedProgress('embed', { training: { weight: 1 }, embedding: { weight: 3, unit: 'papers' } }, { stream: t.stream, now: t.now });
    t.advance(10_000);
    p.update('training', 1, 1, 'epoch 1 of 1, loss 2.1');
    t.advance(10_000);
    p.update('embedding', 5_000, 10_000);
    p.done('10,000 papers');
    expect(shown(t.writes)).toEqual([
      'embed 25% · training (epoch 1 of 1, loss 2.1) · ETA 0:30',
      'embed 62% · embedding: 5,000 of 10,000 papers · 500 papers/s · ETA 0:12',
      'embed: done in 0:20; 10,000 papers\n',
    ]);
  });
});

describe('filesProgress', () => {
  it('counts bytes over every file, estimating the file being read from the records per byte before it, and ends with the grand total', () => {
    const t = fakeStream(true);
    const p = filesProgress('ingesting', [2e6, 6e6], { stream: t.stream, now: t.now });
    t.advance(1_000);
    p.reading(0, 500);
    t.advance(1_000);
    p.read(0, 1_000);
    t.advance(1_000);
    p.reading(1, 1_500);
    t.advance(1_000);
    p.read(1, 3_000);
    p.done('3,000 new papers');
    expect(shown(t.writes)).toEqual([
      'ingesting 0% · 0.00 of 8.0 MB · 500 records',
      'ingesting 25% · 2.0 of 8.0 MB · 1.0 MB/s · 1,000 records · ETA 0:06',
      'ingesting 62% · 5.0 of 8.0 MB · 1.7 MB/s · 2,500 records · ETA 0:02',
      'ingesting 100% · 8.0 of 8.0 MB · 2.0 MB/s · 4,000 records · ETA 0:00',
      'ingesting: 8.0 MB in 0:04 (2.0 MB/s); 2 files, 4,000 records: 3,000 new papers\n',
    ]);
  });

  it('has no percentage when a size is unknown (standard input)', () => {
    const t = fakeStream(true);
    const p = filesProgress('ingesting', [undefined], { stream: t.stream, now: t.now });
    t.advance(1_000);
    p.reading(0, 10);
    expect(shown(t.writes)).toEqual(['ingesting 0.00 MB · 10 records']);
  });
});

describe('clock', () => {
  it('writes minutes and seconds, and hours past the hour', () => {
    expect([clock(0), clock(75), clock(3_700)]).toEqual(['0:00', '1:15', '1:01:40']);
  });
});
