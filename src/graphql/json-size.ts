import { RawJson } from '../common/raw-json';

/**
 * An upper bound of the bytes JSON.stringify(value) would take as UTF-8, found without building
 * the string: a string's code unit takes at most 6 bytes (`\u001f`; UTF-8 takes at most 3),
 * a number at most 25 characters. Stops once past `limit`. Values JSON.stringify would treat
 * specially (toJSON, non-plain objects other than RawJson) make it give up: Infinity, so the caller measures exactly.
 */
export function jsonBytesAtMost(value: unknown, limit: number): number {
  let total = 0;
  const walk = (v: unknown): boolean => {
    if (total > limit) return false;
    switch (typeof v) {
      case 'string': total += 6 * v.length + 2; return true;
      case 'number': total += 25; return true;
      case 'boolean': total += 5; return true;
      case 'undefined': total += 4; return true; // null in arrays; a dropped key costs nothing more
      case 'object': {
        if (v === null) { total += 4; return true; }
        // JSON text already.
        if (v instanceof RawJson) { total += v.maxBytes; return true; }
        if (Array.isArray(v)) {
          total += 2 + v.length;
          for (const item of v) if (!walk(item)) return false;
          return true;
        }
        const proto = Object.getPrototypeOf(v);
        if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
        const o = v as Record<string, unknown>;
        total += 2;
        for (const key in o) {
          total += 6 * key.length + 4;
          if (!walk(o[key])) return false;
        }
        return true;
      }
      default: return false;
    }
  };
  return walk(value) && total <= limit ? total : Infinity;
}
