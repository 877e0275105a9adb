import { RawJson } from '../../src/common/raw-json';

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
