/**
 * JSON text PostgreSQL wrote for part of an answer (a page's nodes: src/query/json-page.ts),
 * carried in the result as it is. The answer's encoder copies it (src/common/json-body.ts) and the
 * size bound counts it (src/graphql/json-size.ts). JSON.stringify cannot write raw text: it sees
 * RAW_JSON_MARKER instead, and a piece of an answer whose text holds the marker is walked instead.
 */
export const RAW_JSON_MARKER = '\u0000raw json\u0000';
/** The marker as it appears inside JSON.stringify's output. */
export const RAW_JSON_MARKER_TEXT = JSON.stringify(RAW_JSON_MARKER).slice(1, -1);

export class RawJson {
  constructor(readonly json: string) {}

  toJSON(): string {
    return RAW_JSON_MARKER;
  }
}

/** `value` with every RawJson parsed: what a client reads from the answer. */
export function parsedAnswer<T>(value: T): T {
  if (value instanceof RawJson) return JSON.parse(value.json) as T;
  if (Array.isArray(value)) return value.map(parsedAnswer) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ stays an own property, as JSON.parse makes it.
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: parsedAnswer(v), enumerable: true, writable: true, configurable: true });
  return out as T;
}
