import DataLoader from 'dataloader';
import { wrap, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { Queryable } from './db';
import { mapRow } from './row-mapper';
import { raw, reusingPlan, sql } from './sql';

/**
 * The request's DataLoaders. One instance per request (never shared), so caches cannot leak
 * between users. Each loader sends one statement per batch of keys, whatever their number.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  /** Lists of an entity still loading, and the rows lists returned, by entity name. */
  private readonly listing = new Map<string, Set<Promise<unknown>>>();
  private readonly listed = new Map<string, Map<number, unknown>>();

  /** `db`: where rows by id are read (the request's Db: its pool, its statement count, its lane). */
  constructor(private readonly em: EntityManager, private readonly db: Queryable) {}

  private get<K, V>(key: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = make();
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** A loader of our own, created once per request under `key`. */
  custom<K, V>(key: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
    return this.get(`custom:${key}`, make);
  }

  /** Any value computed once per request under `key` (e.g. summary state shared by several stats fields). */
  memo<T>(key: string, make: () => T): T {
    const k = `memo:${key}`;
    if (!this.loaders.has(k)) this.loaders.set(k, make() as unknown as DataLoader<unknown, unknown>);
    return this.loaders.get(k) as unknown as T;
  }

  /**
   * A list of `entity` rows is loading: lookups by id wait for it and take its rows, so whether
   * a reference costs a statement does not depend on which of two sibling lists answers first.
   */
  track<T>(entityName: string, rows: Promise<T>): Promise<T> {
    const pending = this.listing.get(entityName) ?? new Set();
    this.listing.set(entityName, pending);
    pending.add(rows);
    const done = () => pending.delete(rows);
    rows.then(done, done);
    return rows;
  }

  /** Rows a list returned: later lookups by id need no query. */
  remember(entityName: string, rows: { id: number }[]): void {
    const known = this.listed.get(entityName) ?? new Map<number, unknown>();
    this.listed.set(entityName, known);
    for (const row of rows) if (typeof row.id === 'number') known.set(row.id, row);
  }

  /** An entity by primary key; null when it does not exist. */
  byId<T extends { id: number }>(entity: EntityClass<T>): DataLoader<number, T | null> {
    return this.get(`byId:${entity.name}`, () =>
      new DataLoader<number, T | null>(async (ids) => {
        await Promise.allSettled([...(this.listing.get(entity.name) ?? [])]);
        const known = this.listed.get(entity.name);
        const missing = ids.filter((id) => !known?.has(id));
        const rows = missing.length ? await this.rowsById(entity, missing) : [];
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => (known?.get(id) as T | undefined) ?? byId.get(id) ?? null);
      }),
    );
  }

  /**
   * Rows by id as read-only instances (row-mapper.ts), as the lists return them: the
   * ORM's find (criteria processing, identity map, change tracking) cost more than the statement,
   * and so did its connection's execute (it writes the ids into the text: a new statement each time).
   */
  private async rowsById<T extends { id: number }>(entity: EntityClass<T>, ids: readonly number[]): Promise<T[]> {
    const meta = this.em.getMetadata().get(entity.name);
    // The ids are integers (DataLoader keys from decoded IDs and foreign keys), bound as one int[] parameter;
    // its plan (the primary key's index) is the same for any ids, so it is made once per connection.
    const rows = await this.db.query<Record<string, unknown>>(reusingPlan(sql`SELECT * FROM ${raw(`"${meta.tableName}"`)} WHERE "id" = ANY(${ids.map((id) => Math.trunc(Number(id)))}::int[])`));
    return rows.map((row) => mapRow(this.em, entity as unknown as new () => T, row));
  }

  /** All rows of `entity` whose many-to-one `relation` points at each key (the parent's primary key), in `orderBy` order. */
  manyBy<T extends object, K extends number | string = number>(entity: EntityClass<T>, relation: keyof T & string, orderBy: Record<string, 'asc' | 'desc'>): DataLoader<K, T[]> {
    return this.get(`manyBy:${entity.name}.${relation}`, () =>
      new DataLoader<K, T[]>(async (keys) => {
        const rows = await this.em.find(entity, { [relation]: { $in: [...keys] } } as unknown as FilterQuery<T>, { orderBy: orderBy as never });
        const groups = new Map<K, T[]>(keys.map((k) => [k, []]));
        for (const row of rows) groups.get(wrap(row[relation] as object, true).getPrimaryKey() as K)?.push(row);
        return keys.map((k) => groups.get(k) ?? []);
      }),
    );
  }
}
