/** Counts with their noun: "1 paper", "2 papers", "1,234 papers". */

/** A count and its noun, singular for exactly one; thousands grouped as in English. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
