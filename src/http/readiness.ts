/**
 * /readyz asks the database on a connection of its own, outside the request pool: a pool busy
 * with long aggregates is not a database that is down, and must not make the server look unready.
 * One connection at most, reopened by pg when the database comes back.
 */
import { Pool } from 'pg';

export class ReadinessProbe {
  private readonly pool: Pool;

  constructor(url: string, private readonly timeoutMs = 2000) {
    this.pool = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: timeoutMs,
      idleTimeoutMillis: 60_000,
      statement_timeout: timeoutMs,
      application_name: 'rule-of-law-graph readiness',
    });
    // An idle connection the database dropped: the next check opens a new one and reports.
    this.pool.on('error', () => undefined);
  }

  /** Null when the database answers within the timeout, else the reason. */
  async problem(): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('select 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      return null;
    } catch (err) {
      return (err as Error).message.split('\n')[0] || 'database error';
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
