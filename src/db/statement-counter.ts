import { DefaultLogger, type LogContext } from '@mikro-orm/core';

/**
 * Counts the SQL statements sent on behalf of one request (or one test block), where they are sent:
 * the request's Db (src/db/db.ts) counts its own statements, and its EntityManager carries a
 * `countStatement` in its logger context, which MikroORM hands to its logger with every statement
 * it sends for it (StatementCountingLogger). No AsyncLocalStorage: on Node 20 it hooks every
 * promise of the process, which cost a third of the server's CPU on nested reads (bench/README.md).
 */
export interface StatementStats {
  count: number;
  sql: string[];
  /** Keep the text of each statement (tests, debugging); off in production paths. */
  record: boolean;
}

export function newStatementStats(record = false): StatementStats {
  return { count: 0, sql: [], record };
}

export function countStatement(stats: StatementStats | undefined, sql: string): void {
  if (!stats) return;
  stats.count += 1;
  if (stats.record) stats.sql.push(sql);
}

/** What an EntityManager fork carries so that MikroORM's statements for it are counted into `stats`. */
export function statementLoggerContext(stats: StatementStats): LogContext {
  // A function, not the stats object: MikroORM merges logger contexts into copies.
  return { countStatement: (sql: string) => countStatement(stats, sql) } as LogContext;
}

/** MikroORM's logger, counting each statement into the logger context's `countStatement`. */
export class StatementCountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    // Connection.executeQuery logs each statement once, when it has ended or failed.
    (context as { countStatement?: (sql: string) => void }).countStatement?.(context.query);
    super.logQuery(context);
  }
}
