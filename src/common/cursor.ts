/**
 * The one codec of opaque cursors: a JSON object, base64url-encoded. Callers check their own
 * payload (which list, which order, which values) on top of what is checked here.
 */
import { BadUserInputError } from '../errors';

/** Our cursors are a few hundred characters; anything much longer is not one of them. */
const MAX_CURSOR_LENGTH = 2000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The coded error for an unusable cursor, naming the argument and the list it was expected to come from. */
export function invalidCursor(argument: string, list: string, why: string): BadUserInputError {
  return new BadUserInputError(`${argument}: not a valid cursor for ${list} (${why})`, argument);
}

export function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * The cursor's payload. `list` (e.g. "this list") and `malformed` word the error for a cursor that is
 * not one of ours at all.
 */
export function decodeCursor(cursor: unknown, argument: string, list: string, malformed = 'malformed'): Record<string, unknown> {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalidCursor(argument, list, malformed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(argument, list, malformed);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor(argument, list, malformed);
  return parsed as Record<string, unknown>;
}
