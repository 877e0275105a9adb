import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { toKnexStatement, toPgStatement } from './placeholders';
import type { Sql } from './sql';
import { countStatement, type StatementStats } from './statement-counter';
import { planReusingKnex, runPrepared } from './prepared-statements';

/**
 * Runs our own SQL (aggregates, batched connections, bulk writes) on the ORM's connection
 * pool, with real $n parameters, counted like every other statement of the request.
 *
 * The pool is the one knex keeps for MikroORM (getKnex()); statements that reuse their plan (record
 * reads by key, unfiltered pages) have a second one of the same size (prepared-statements.ts). A statement outside a
 * transaction takes a connection from it (knex's acquire timeout is the pool-busy error) and runs
 * on it through pg directly: knex.raw() cost about 100 µs of CPU a statement on top (its builder,
 * renumbering the placeholders, events), a tenth of a point read. Transactions run in
 * knex.transaction(), their statements through knex.raw(). Each statement is counted here.
 * MikroORM's own execute() is not used: it writes the values into the SQL text instead of sending
 * them as parameters.
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(q: Sql): Promise<R[]>;
}

async function run<R extends QueryResultRow>(knex: Knex, q: Sql, statements?: StatementStats): Promise<R[]> {
  const { knexText, bindings, text } = toKnexStatement(q);
  countStatement(statements, text);
  try {
    // Without values knex has nothing to number, and MikroORM has it send the text as it is.
    // Bindings reach pg unchanged (pg serializes dates, arrays, JSON objects), whatever knex's type says.
    const result: QueryResult<R> = await (bindings.length ? knex.raw(knexText, bindings as Knex.RawBinding[]) : knex.raw(text));
    return result.rows;
  } catch (err) {
    throw withDatabaseMessage(err, text);
  }
}

/** A statement on a connection of knex's pool, sent by pg itself; the same text and values knex would send. */
async function runDirect<R extends QueryResultRow>(knex: Knex, q: Sql, statements: StatementStats | undefined, prepared: boolean): Promise<R[]> {
  const { text, bindings } = toPgStatement(q);
  countStatement(statements, text);
  const client = knex.client as Knex.Client;
  const connection = (await client.acquireConnection()) as PoolClient;
  try {
    if (prepared) return (await runPrepared<R>(connection, text, bindings)).rows;
    const result: QueryResult<R> = await connection.query<R>(text, bindings);
    return result.rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

/** knex prefixes a failed statement's error message with its SQL; keep PostgreSQL's own message, as pg gives it. */
function withDatabaseMessage(err: unknown, text: string): unknown {
  const e = err as { message?: unknown } | null;
  const prefix = `${text} - `;
  if (e && typeof e.message === 'string' && e.message.startsWith(prefix)) e.message = e.message.slice(prefix.length);
  return err;
}

/**
 * The pg connection a knex transaction runs on. COPY needs one (pg-copy-streams writes to a pg
 * client; knex has no COPY), and so do callers that run plain text on Transaction.client. knex
 * has no accessor for it: the transaction's own client hands out the connection it pinned from
 * BEGIN to COMMIT (it never touches the pool, and releasing it is knex's job at the end).
 */
async function pinnedConnection(trx: Knex.Transaction): Promise<PoolClient> {
  return (await (trx.client as Knex.Client).acquireConnection()) as PoolClient;
}

/** Permits to hold a pool connection (the heavy-operation lane, src/graphql/heavy-operations.ts). */
export interface ConnectionLane {
  acquire(): Promise<() => void>;
}

export class Db implements Queryable {
  private lane?: ConnectionLane;
  private stopped?: Error;

  /**
   * readOnly: a streaming replica (hot standby), where writes fail; callers that would write on read (summary refreshes) skip it.
   * statements: the request's count, which every statement of this Db (and of its transactions) adds to.
   */
  constructor(private readonly orm: MikroORM, readonly readOnly = false, private readonly statements?: StatementStats) {}

  private get knex(): Knex {
    return this.orm.em.getConnection().getKnex();
  }

  /** From now on each statement of this Db waits for a permit of `lane` before it takes a pool connection. */
  useLane(lane: ConnectionLane): void {
    this.lane = lane;
  }

  /** The request was stopped (response budget, deadline): every later statement fails with `reason` instead of loading rows. */
  stop(reason: Error): void {
    this.stopped ??= reason;
  }

  async query<R extends QueryResultRow = QueryResultRow>(q: Sql): Promise<R[]> {
    if (this.stopped) throw this.stopped;
    const permit = await this.lane?.acquire();
    try {
      if (this.stopped) throw this.stopped; // stopped while it waited for the lane
      // Statements that reuse their plan run on the pool whose sessions keep generic plans (prepared-statements.ts).
      const reusing = q.reusesPlan ? planReusingKnex(this.orm) : undefined;
      return await runDirect<R>(reusing ?? this.knex, q, this.statements, reusing !== undefined);
    } finally {
      permit?.();
    }
  }

  /** All-or-nothing: commits when fn resolves, rolls back when it throws. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.stopped) throw this.stopped;
    const permit = await this.lane?.acquire();
    try {
      if (this.stopped) throw this.stopped;
      return await this.inTransaction(fn);
    } finally {
      permit?.();
    }
  }

  private async inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    // BEGIN, COMMIT and ROLLBACK are not counted as the request's statements (they never were).
    const trx = await this.knex.transaction();
    let result: T;
    try {
      result = await fn(new Transaction(trx, await pinnedConnection(trx), this.statements));
    } catch (err) {
      await trx.rollback().catch(() => undefined);
      throw err;
    }
    await trx.commit();
    await trx.executionPromise; // a failed COMMIT rejects this, not commit()
    return result;
  }
}

export class Transaction implements Queryable {
  constructor(
    private readonly trx: Knex.Transaction,
    /** The transaction's pg connection, for COPY (src/db/copy.ts): statements run on it directly are not counted. */
    readonly client: PoolClient,
    private readonly statements?: StatementStats,
  ) {}

  query<R extends QueryResultRow = QueryResultRow>(q: Sql): Promise<R[]> {
    return run<R>(this.trx, q, this.statements);
  }
}
