/**
 * The rate-limit counts every server process shares, in the PostgreSQL the deployment already
 * runs (table rate_limit_window, from a migration). One atomic upsert per request both counts it
 * and reads the caller's window, so two processes can never both let the N+1th request through.
 *
 * Its own small pool, not the request pool: a pool busy with long aggregates must not make the
 * limiter time out, and these statements are not the request's (they are not counted in
 * x-debug-sql). Each call has a deadline; past it, or on any error, the caller decides
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

export interface Hit {
  /** Requests in the caller's current window, this one included. */
  hits: number;
  /** Seconds until that window ends (at least 1). */
  retryAfterSeconds: number;
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

  /** Counts one request of `caller` and returns its window; throws RateLimitStoreError when the store errs or is late. */
  async hit(caller: string): Promise<Hit> {
    if (Date.now() < this.failingUntil) throw new RateLimitStoreError(`still failing: ${this.lastFailure}`);
    const windowLength = `${WINDOW_SECONDS} seconds`;
    // A window starts at the caller's first request and lasts a minute (as the in-process limiter did).
    const q = sql`
      INSERT INTO rate_limit_window AS w (caller, window_start, hits) VALUES (${caller}, now(), 1)
      ON CONFLICT (caller) DO UPDATE SET
        window_start = CASE WHEN w.window_start <= now() - ${windowLength}::interval THEN now() ELSE w.window_start END,
        hits = CASE WHEN w.window_start <= now() - ${windowLength}::interval THEN 1 ELSE w.hits + 1 END
      RETURNING hits, extract(epoch from window_start + ${windowLength}::interval - now())::float8 AS seconds_left`;
    try {
      const [row] = await this.withDeadline(q);
      return { hits: Number(row.hits), retryAfterSeconds: Math.max(1, Math.ceil(Number(row.seconds_left))) };
    } catch (err) {
      this.lastFailure = (err as Error).message.split('\n')[0] || 'error';
      this.failingUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      throw new RateLimitStoreError(this.lastFailure);
    }
  }

  private async withDeadline(q: Sql): Promise<Record<string, unknown>[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.run(q), late]);
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
