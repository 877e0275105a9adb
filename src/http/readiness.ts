/**
 * /readyz asks the database two things, both outside the request pool (a pool busy with long
 * aggregates is not a database that is down):
 * - does a session answer? `select 1` on a connection kept for this, within `timeoutMs`;
 * - does the postmaster still accept new connections? A stopped or stalled postmaster leaves open
 *   sessions answering while every new connection hangs, and the request pool opens new ones.
 *   A new connection costs a fork, which under load can take seconds, so it is tried in the
 *   background (at most one attempt at a time, one every `intervalMs`) with a generous
 *   `connectTimeoutMs`, and /readyz reports the latest finished attempt without waiting for it.
 */
import { Client, Pool } from 'pg';

export interface ReadinessOptions {
  timeoutMs?: number;
  connectTimeoutMs?: number;
  intervalMs?: number;
}

export class ReadinessProbe {
  private readonly session: Pool;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly intervalMs: number;
  private attempt?: Promise<void>;
  private lastAttemptAt = 0;
  /** Why the latest finished attempt to open a new connection failed; undefined when it succeeded. */
  private connectProblem?: string;

  constructor(private readonly url: string, opts: ReadinessOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.intervalMs = opts.intervalMs ?? 2000;
    this.session = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: this.timeoutMs,
      idleTimeoutMillis: 60_000,
      statement_timeout: this.timeoutMs,
      application_name: 'rule-of-law-graph readiness',
    });
    // An idle connection the database dropped: the next check opens a new one and reports.
    this.session.on('error', () => undefined);
  }

  /** Null when the database is ready, else the reason. */
  async problem(): Promise<string | null> {
    this.tryNewConnection();
    const session = await this.sessionProblem();
    return session ?? (this.connectProblem ? `new connections: ${this.connectProblem}` : null);
  }

  private async sessionProblem(): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.session.query('select 1'),
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

  private tryNewConnection(): void {
    if (this.attempt || Date.now() - this.lastAttemptAt < this.intervalMs) return;
    this.lastAttemptAt = Date.now();
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: this.connectTimeoutMs, application_name: 'rule-of-law-graph readiness (connect)' });
    client.on('error', () => undefined);
    this.attempt = client.connect()
      .then(() => { this.connectProblem = undefined; })
      .catch((err: Error) => { this.connectProblem = err.message.split('\n')[0] || 'connection refused'; })
      .finally(() => {
        this.attempt = undefined;
        void client.end().catch(() => undefined);
      });
  }

  /** Waits for an attempt in progress (tests, shutdown). */
  async settled(): Promise<void> {
    await this.attempt;
  }

  /** An attempt in progress ends on its own (its client is closed when it settles). */
  async close(): Promise<void> {
    await this.session.end();
  }
}
