import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient, QueryResultRow } from 'pg';
import { Sql } from './sql';
import { currentStatementStats } from './statement-counter';

/**
 * Runs our own SQL (aggregates, batched connections, bulk writes) on the ORM's connection
 * pool, with real $n parameters, counted like every other statement of the request.
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(q: Sql): Promise<R[]>;
}

type KnexClient = { acquireConnection(): Promise<PoolClient>; releaseConnection(c: PoolClient): Promise<void> };

function knexClient(orm: MikroORM): KnexClient {
  return (orm.em.getConnection().getKnex() as unknown as { client: KnexClient }).client;
}

function count(text: string): void {
  const stats = currentStatementStats();
  if (!stats) return;
  stats.count += 1;
  if (stats.record) stats.sql.push(text);
}

async function runOn<R extends QueryResultRow>(client: PoolClient, q: Sql): Promise<R[]> {
  const { text, values } = q.compile();
  count(text);
  const result = await client.query<R>(text, values);
  return result.rows;
}

/** Permits to hold a pool connection (the heavy-operation lane, src/graphql/heavy-operations.ts). */
export interface ConnectionLane {
  acquire(): Promise<() => void>;
}

export class Db implements Queryable {
  private lane?: ConnectionLane;
  private stopped?: Error;

  constructor(private readonly orm: MikroORM) {}

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
    const knex = knexClient(this.orm);
    try {
      if (this.stopped) throw this.stopped; // stopped while it waited for the lane
      const client = await knex.acquireConnection();
      try {
        return await runOn<R>(client, q);
      } finally {
        await knex.releaseConnection(client);
      }
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
    const knex = knexClient(this.orm);
    const client = await knex.acquireConnection();
    try {
      await client.query('BEGIN');
      const result = await fn(new Transaction(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await knex.releaseConnection(client);
    }
  }
}

export class Transaction implements Queryable {
  constructor(readonly client: PoolClient) {}

  query<R extends QueryResultRow = QueryResultRow>(q: Sql): Promise<R[]> {
    return runOn<R>(this.client, q);
  }
}
