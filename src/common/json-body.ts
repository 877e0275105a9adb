/**
 * An answer's JSON as UTF-8 bytes, built in pieces. The same bytes as
 * `Buffer.from(JSON.stringify(value) + '\n')`, without the cost that has: V8 returns a large
 * JSON.stringify result as a tree of parts, and a string holding Chinese is two bytes a character,
 * so encoding W2's 76,000 characters first copies them into one 150 kB string in the large-object
 * space (mmap, page faults, munmap: 1.3-1.6 ms CPU a response, half of it system time). Here the
 * top of the answer is walked in JavaScript and every subtree that serialises to at most
 * PIECE_CHARS is stringified natively (a list's size guessed from its first item); the text is
 * encoded every FLUSH_CHARS (0.4-0.6 ms for W2). JSON PostgreSQL wrote (RawJson) is copied as it is,
 * its bytes where it came as bytes.
 */

import { RAW_JSON_MARKER_TEXT, RawJson } from './raw-json';

/** Levels walked in JavaScript before subtrees are tried natively (data, a root field, a connection, its nodes). */
const SPINE_DEPTH = 4;
/** A subtree stringified natively is kept when at most this long; a longer one is walked instead. */
const PIECE_CHARS = 16_384;
/** Text is encoded to bytes once this much has been gathered. */
const FLUSH_CHARS = 16_384;

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A value as JSON.stringify sees it under `key`: after its toJSON(key), if it has one. */
function jsonValue(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: (key: string) => unknown }).toJSON(key) : value;
}

/** A plain object or array: walked; anything else (a boxed value, a class instance) is left to JSON.stringify. */
function walkable(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function jsonBytes(value: unknown): Buffer {
  const parts: Buffer[] = [];
  let text = '';
  const flush = () => {
    parts.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  // `v` has had its toJSON applied already, so native stringify is only handed values without one at the top.
  const emit = (v: unknown, depth: number): void => {
    if (v instanceof RawJson) {
      for (const piece of v.pieces) {
        if (typeof piece !== 'string') {
          // Bytes already: the text before them is encoded, and they go as they are.
          if (text) flush();
          parts.push(piece);
          continue;
        }
        text += piece;
        if (text.length >= FLUSH_CHARS) flush();
      }
      return;
    }
    if (v === null || typeof v !== 'object' || !walkable(v)) {
      text += JSON.stringify(v);
      return;
    }
    if (depth >= SPINE_DEPTH) {
      // A list's size is guessed from its first item (lists of nodes are alike), so a long one is not stringified only to be walked.
      const first = Array.isArray(v) && v.length > 1 ? JSON.stringify(v[0]) : undefined;
      if (first === undefined || first.length * (v as unknown[]).length <= PIECE_CHARS) {
        const piece = JSON.stringify(v);
        // A piece holding raw JSON has its marker where the JSON goes: walked instead.
        if (piece.length <= PIECE_CHARS && !piece.includes(RAW_JSON_MARKER_TEXT)) {
          text += piece;
          if (text.length >= FLUSH_CHARS) flush();
          return;
        }
      }
    }
    if (Array.isArray(v)) {
      text += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) text += ',';
        const item = v[i] instanceof RawJson ? v[i] : jsonValue(v[i], String(i));
        if (omitted(item)) text += 'null';
        else emit(item, depth + 1);
      }
      text += ']';
      return;
    }
    text += '{';
    let first = true;
    for (const key of Object.keys(v)) {
      const own = (v as Record<string, unknown>)[key];
      const item = own instanceof RawJson ? own : jsonValue(own, key);
      if (omitted(item)) continue;
      if (!first) text += ',';
      first = false;
      text += `${JSON.stringify(key)}:`;
      emit(item, depth + 1);
    }
    text += '}';
  };
  emit(value instanceof RawJson ? value : jsonValue(value, ''), 0);
  text += '\n';
  flush();
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
