/** Whole-number command-line values (limits, counts, ports), checked in one place with one wording. */
import { PaperboyError, type ErrorCode } from '../core/errors.js';

export interface WholeNumberRange {
  min?: number;
  max?: number;
  /** The error code (BAD_QUERY for search options, else BAD_INPUT). */
  code?: ErrorCode;
}

/** `value` as a whole number within the range; a clear error naming `what` otherwise. */
export function wholeNumberFlag(value: string, what: string, { min = 0, max, code = 'BAD_INPUT' }: WholeNumberRange = {}): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && (max === undefined || n <= max)) return n;
  const kind = max !== undefined ? `a whole number from ${min} to ${max}` : min === 1 ? 'a positive whole number' : 'a whole number';
  throw new PaperboyError(code, `${what} must be ${kind}, not ${value}`);
}
