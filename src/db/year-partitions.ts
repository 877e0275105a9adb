/**
 * Yearly partitions follow the data (Migration20261129210000): a load adds the partitions of the
 * years it writes before writing them, so its rows do not pile up in the default partition; a
 * server starting in a new year adds that year's and the next.
 */
import type { Queryable } from './db';
import { raw, sql } from './sql';

const PARTITIONED = raw(`pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace`);

/** Adds, for each of `tables` that is partitioned, a partition for each of `years` it lacks. */
export async function addYearPartitions(db: Queryable, tables: readonly string[], years: readonly number[]): Promise<void> {
  await db.query(sql`SELECT rolg_add_year_partition(p.partrelid::regclass, y) FROM ${PARTITIONED}, unnest(${[...years]}::int[]) AS y
   WHERE n.nspname = current_schema() AND c.relname = ANY(${[...tables]}::text[])`);
}

/** Adds this year's and the next year's partition to every partitioned table that lacks them. */
export async function addCurrentYearPartitions(db: Queryable): Promise<void> {
  await db.query(sql`SELECT rolg_add_year_partition(p.partrelid::regclass, extract(year FROM current_date)::int + k)
    FROM ${PARTITIONED}, generate_series(0, 1) AS k WHERE n.nspname = current_schema()`);
}
