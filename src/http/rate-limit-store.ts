/**
 * The rate-limit counts every server process shares, in the PostgreSQL the deployment already
 * runs (table rate_limit_window, from a migration: one row per caller, for its current window).
 *
 * Leases: a process does not count each request here. It claims a block of hits for a caller in
 * one atomic statement and lets that many requests through on its own (rate-limit-leases.ts), so
 * the row's `hits` counts hits granted to processes, not requests served. The grant is never more
 * than what is left of `perMinute` in the window, so all processes together never let more than
 * `perMinute` through. A block is at most 64 and at most a sixteenth of what is left (at least 1):
 * small limits claim one hit at a time, as when every request was counted here, and hits a
 * process holds back from the others stay few. A claim that gets nothing counts one more hit
 * (the row then shows the caller pressing past its limit, as before) and means: refuse.
 *
 * Its own small pool, not the request pool: a pool busy with long aggregates must not make the
 * limiter time out, and these statements are not the request's (they are not counted in
 * x-debug-sql). Each claim has a deadline; past it, or on any error, the caller decides
 * (RATE_LIMIT_STORE_FAILURE). After a failure the store is not asked again for a short while, so
 * a store that is down costs one timeout, not one per request.
 */
import { Pool } from 'pg';
import { sql, type Sql } from '../db/sql';

export const WINDOW_SECONDS = 60;
/** After a failure, calls fail at once for this long instead of waiting for the deadline again. */
const RETRY_AFTER_FAILURE_MS = 2000;
/** Windows that ended this long ago are deleted (by whichever process's timer runs first). */
const SWEEP_EVERY_MS = 60_000;

/** The largest block one claim grants. */
export const MAX_BLOCK = 64;

/** The most hits one process can hold unused for a caller (its one block): see rate-limit-leases.ts. */
export function largestBlock(perMinute: number): number {
  return Math.min(MAX_BLOCK, Math.max(1, Math.floor(perMinute / 16)), perMinute);
}

export interface Grant {
  /** Hits granted to this process; 0 when the caller has used up its window. */
  granted: number;
  /** When the window ends, by this process's clock: measured from before the claim was sent, so never after the database's end. */
  endsAt: number;
}

export class RateLimitStoreError extends Error {}

export class RateLimitStore {
  private readonly pool: Pool;
  private readonly sweeper: NodeJS.Timeout;
  private failingUntil = 0;
  private lastFailure = '';

  constructor(url: string, private readonly timeoutMs: number) {
    this.pool = new Pool({
      connectionString: url,
      max: 4,
      // A slow connect is cut short by the deadline below, but may finish for the next request.
      connectionTimeoutMillis: Math.max(timeoutMs, 5000),
      idleTimeoutMillis: 60_000,
      statement_timeout: timeoutMs,
      lock_timeout: timeoutMs,
      query_timeout: timeoutMs + 1000,
      application_name: 'rule-of-law-graph rate limit',
    });
    // An idle connection the database dropped: the next call opens a new one.
    this.pool.on('error', () => undefined);
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
  }

  /** Statements sent by claims (tests count them). */
  statementsSent = 0;

  /** Claims a block of hits of `caller` for this process; throws RateLimitStoreError when the store errs or is late. */
  async claim(caller: string, perMinute: number): Promise<Grant> {
    if (Date.now() < this.failingUntil) throw new RateLimitStoreError(`still failing: ${this.lastFailure}`);
    const sentAt = Date.now();
    try {
      const row = await this.withDeadline(() => this.claimOnce(caller, perMinute));
      return { granted: Number(row.granted), endsAt: sentAt + Math.max(0, Number(row.seconds_left)) * 1000 };
    } catch (err) {
      this.lastFailure = (err as Error).message.split('\n')[0] || 'error';
      this.failingUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      throw new RateLimitStoreError(this.lastFailure);
    }
  }

  /**
   * One statement. The row is locked (FOR UPDATE) while the grant is computed from what is left,
   * so concurrent claims of several processes queue on it and never grant the same hit twice.
   * RETURNING sees only new values, hence the locked sub-select that keeps the old ones. A caller
   * with no row gets one inserted; if another process inserted it first, the statement returns
   * nothing and is sent again (then it finds the row).
   */
  private async claimOnce(caller: string, perMinute: number): Promise<Record<string, unknown>> {
    const windowLength = `${WINDOW_SECONDS} seconds`;
    // A window starts at the caller's first request and lasts a minute (as the in-process limiter did).
    const q = sql`
      WITH claimed AS (
        UPDATE rate_limit_window AS w
        SET window_start = c.window_start, hits = c.used + GREATEST(g.granted, 1)
        FROM (
          SELECT caller,
            CASE WHEN window_start <= now() - ${windowLength}::interval THEN now() ELSE window_start END AS window_start,
            CASE WHEN window_start <= now() - ${windowLength}::interval THEN 0 ELSE hits END AS used
          FROM rate_limit_window WHERE caller = ${caller} FOR UPDATE
        ) AS c
        CROSS JOIN LATERAL (
          SELECT LEAST(${MAX_BLOCK}, GREATEST(1, (${perMinute}::int - c.used) / 16), GREATEST(0, ${perMinute}::int - c.used)) AS granted
        ) AS g
        WHERE w.caller = c.caller
        RETURNING g.granted, extract(epoch from c.window_start + ${windowLength}::interval - now())::float8 AS seconds_left
      ), inserted AS (
        INSERT INTO rate_limit_window (caller, window_start, hits)
        SELECT ${caller}, now(), ${largestBlock(perMinute)} WHERE NOT EXISTS (SELECT 1 FROM claimed)
        ON CONFLICT (caller) DO NOTHING
        RETURNING hits AS granted, ${WINDOW_SECONDS}::float8 AS seconds_left
      )
      SELECT * FROM claimed UNION ALL SELECT * FROM inserted`;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.statementsSent++;
      const [row] = await this.run(q);
      if (row) return row;
    }
    throw new Error('the caller\'s row kept changing under the claim');
  }

  private async withDeadline<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(q: Sql): Promise<Record<string, unknown>[]> {
    const { text, values } = q.compile();
    const client = await this.pool.connect();
    // A checked-out client has no listener of the pool's: a connection the database ends (shutdown,
    // restart) would otherwise be an unhandled 'error' event; the query itself fails and is handled.
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      const result = await client.query(text, values);
      client.removeListener('error', ignore);
      client.release();
      return result.rows;
    } catch (err) {
      // A timed-out statement may still be running on this connection: drop it rather than reuse it.
      client.release(err as Error);
      throw err;
    }
  }

  private async sweep(): Promise<void> {
    const q = sql`DELETE FROM rate_limit_window WHERE window_start < now() - ${`${2 * WINDOW_SECONDS} seconds`}::interval`;
    await this.run(q).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.pool.end();
  }
}
