/**
 * Yearly partitions follow the data (Migration20261129210000): a load adds the partitions of the
 * years it writes before writing them, so its rows do not pile up in the default partition.
 */
import type { Queryable } from './db';
import { sql } from './sql';

/** Adds, for each of `tables` that is partitioned, a partition for each of `years` it lacks. */
export async function addYearPartitions(db: Queryable, tables: readonly string[], years: readonly number[]): Promise<void> {
  await db.query(sql`SELECT rolg_add_year_partition(p.partrelid::regclass, y)
    FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
         unnest(${[...years]}::int[]) AS y
   WHERE n.nspname = current_schema() AND c.relname = ANY(${[...tables]}::text[])`);
}
