import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Counts the SQL statements sent on behalf of one request (or one test block).
 * Every statement goes through knex (MikroORM's queries and our Db's, src/db/db.ts), whose 'query'
 * event fires in the caller's async context: each one is counted there, once.
 */
export interface StatementStats {
  count: number;
  sql: string[];
  /** Keep the text of each statement (tests, debugging); off in production paths. */
  record: boolean;
  /** The request these statements serve (error ids in logs and responses use it). */
  requestId?: string;
}

const storage = new AsyncLocalStorage<StatementStats>();
const attached = new WeakSet<object>();

export function attachStatementCounter(orm: MikroORM): void {
  const knex = orm.em.getConnection().getKnex();
  if (attached.has(knex)) return;
  attached.add(knex);
  knex.on('query', (q: { sql: string }) => {
    const stats = storage.getStore();
    if (!stats) return;
    stats.count += 1;
    if (stats.record) stats.sql.push(q.sql);
  });
}

export function newStatementStats(record = false): StatementStats {
  return { count: 0, sql: [], record };
}

/** Run fn with its SQL statements counted into stats. */
export function withStatementStats<T>(stats: StatementStats, fn: () => T): T {
  return storage.run(stats, fn);
}

/**
 * Run fn with its statements not counted (our Db's BEGIN/COMMIT/ROLLBACK: a request is charged
 * for the statements that do its work). What fn starts stays uncounted; the caller's own
 * context resumes when it awaits fn's result.
 */
export function uncounted<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentStatementStats(): StatementStats | undefined {
  return storage.getStore();
}
