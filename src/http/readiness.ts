/**
 * /readyz asks the database on a connection of its own, outside the request pool: a pool busy
 * with long aggregates is not a database that is down, and must not make the server look unready.
 * Each check opens a new connection: a postmaster that no longer accepts connections (stopped,
 * stalled) while old sessions still answer is a database the server cannot rely on.
 */
import { Client } from 'pg';

export class ReadinessProbe {
  constructor(private readonly url: string, private readonly timeoutMs = 2000) {}

  /** Null when a new connection is accepted and answers within the timeout, else the reason. */
  async problem(): Promise<string | null> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.timeoutMs,
      statement_timeout: this.timeoutMs,
      application_name: 'rule-of-law-graph readiness',
    });
    client.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect().then(() => client.query('select 1')),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      return null;
    } catch (err) {
      return (err as Error).message.split('\n')[0] || 'database error';
    } finally {
      clearTimeout(timer);
      void client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    // Nothing is kept open between checks.
  }
}
