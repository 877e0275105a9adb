import type { Queryable } from './db';
import { ident, join, sql, type Sql } from './sql';

export interface UpsertOptions {
  /** Natural key columns: an existing row with the same key is updated, not duplicated. */
  conflict: string[];
  /** Columns to overwrite on conflict; defaults to every non-key column. */
  update?: string[];
  /** Rows per statement (PostgreSQL allows 65535 parameters per statement). */
  chunk?: number;
  /** Tables without an integer id (e.g. keyed by code) return nothing. */
  returnIds?: boolean;
}

/** Multi-row INSERT ... ON CONFLICT DO UPDATE, chunked; returns id by natural key (joined with '|'). */
export async function upsert(
  db: Queryable,
  table: string,
  columns: string[],
  rows: unknown[][],
  opts: UpsertOptions,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (rows.length === 0) return ids;
  const update = opts.update ?? columns.filter((c) => !opts.conflict.includes(c));
  const chunk = opts.chunk ?? Math.max(1, Math.floor(30000 / columns.length));
  const set: Sql = update.length
    ? sql`DO UPDATE SET ${join(update.map((c) => sql`${ident(c)} = EXCLUDED.${ident(c)}`))}`
    : sql`DO UPDATE SET ${ident(opts.conflict[0])} = EXCLUDED.${ident(opts.conflict[0])}`;
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const values = join(slice.map((r) => sql`(${join(r.map((v) => sql`${v}`))})`));
    const result = await db.query<Record<string, unknown>>(sql`
      INSERT INTO ${ident(table)} (${join(columns.map((c) => ident(c)))}) VALUES ${values}
      ON CONFLICT (${join(opts.conflict.map((c) => ident(c)))}) ${set}
      ${opts.returnIds === false ? sql`` : sql`RETURNING id, ${join(opts.conflict.map((c) => ident(c)))}`}`);
    for (const row of result) ids.set(opts.conflict.map((c) => String(row[c])).join('|'), Number(row.id));
  }
  return ids;
}

