/** The one check of a requested page size (first, last), for lists and for groups of aggregates. */
import { BadUserInputError } from '../errors';

/** `n` items per page: zero or a positive integer, at most `max` (the configured maximum page size). */
export function checkPageSize(argument: string, n: number, max: number): number {
  if (!Number.isInteger(n) || n < 0) throw new BadUserInputError(`${argument} must be zero or a positive integer, got ${n}`, argument);
  if (n > max) throw new BadUserInputError(`${argument} must be at most ${max} (the maximum page size), got ${n}`, argument, { maxPageSize: max });
  return n;
}
