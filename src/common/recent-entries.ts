/**
 * Bounded maps that keep their most recently used entries: a Map iterates in insertion order, so
 * an entry moved to the end on use leaves the least recently used first, to be dropped first.
 */

/** Sets `key` as the most recent entry of `map`, then drops the oldest ones beyond `max`. */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

/** The entry for `key`, made the most recent one; undefined when there is none. */
export function useRecent<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}
