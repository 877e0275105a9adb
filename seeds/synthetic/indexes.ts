/**
 * Bulk loads run faster into bare tables: drop a table's secondary indexes and its unique and
 * foreign-key constraints, load, then rebuild them from their saved definitions (one sort each
 * instead of 16 million index insertions). Everything happens in the caller's transaction.
 */
import type { Transaction } from '../../src/db/db';

export async function withDeferredIndexes<T>(tx: Transaction, tables: string[], load: () => Promise<T>, onPhase?: (phase: string) => void): Promise<T> {
  // Constraints a partitioned table's own constraint made (conparentid) go and come back with it.
  const constraints = (await tx.client.query<{ table: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('u', 'f') AND c.conparentid = 0 ORDER BY c.contype DESC`, [tables])).rows;
  const indexes = (await tx.client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, [tables])).rows;
  for (const c of constraints) await tx.client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT "${c.name}"`);
  for (const i of indexes) await tx.client.query(`DROP INDEX ${i.name}`);
  const result = await load();
  onPhase?.('indexes');
  await tx.client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  // A partitioned table's index is defined ON ONLY the parent; built again, it must cover the partitions too.
  for (const i of indexes) await tx.client.query(i.def.replace(' ON ONLY ', ' ON '));
  for (const c of [...constraints].reverse()) await tx.client.query(`ALTER TABLE ${c.table} ADD CONSTRAINT "${c.name}" ${c.def}`);
  return result;
}
