/**
 * Streaming replicas for reads (DATABASE_READ_URLS), each with its own ORM and pool, and a health
 * check refreshed in the background (never per request): every `intervalMs` the primary's WAL
 * position (pg_current_wal_lsn) is sampled, then each replica's replay position
 * (pg_last_wal_replay_lsn, and pg_is_in_recovery: a promoted replica is no replica).
 *
 * Lag is measured in the primary's terms, without comparing clocks: a replica that has replayed
 * what the primary had at its latest sample lags 0; otherwise its lag is the time since the
 * oldest sample it has not yet replayed. So a replica whose replay is paused or stuck, or that has
 * lost its primary, lags more and more while the primary writes; one that is merely idle with
 * an idle primary lags 0. A replica that lags more than `maxLagMs`, does not answer, or whose
 * last check is too old is skipped.
 *
 * choose(after) picks among the usable replicas (round robin) one whose replay has passed the
 * LSN `after` (read-your-writes, src/http/read-routing.ts); none: the caller reads the primary.
 *
 * A replica that stops between two checks: a statement of a request already routed to it that
 * cannot get a connection to it takes one from the primary's pool instead, and the replica is
 * marked down at once, so the request is still answered (failOver below).
 */
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { planReusingKnex } from './prepared-statements';

/** A WAL position as PostgreSQL prints it ("16/B374D848"), as a number that orders like it. */
export function parseLsn(text: string): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export type ReplicaState = 'ok' | 'lagging' | 'down' | 'not a replica' | 'unchecked';

export interface ReplicaStatus {
  /** host:port/database, never the password. */
  name: string;
  state: ReplicaState;
  /** Milliseconds behind the primary at the last check; null when it did not answer. */
  lagMs: number | null;
  /** Replay position at the last check. */
  replayLsn: string | null;
  /** Why it is down (first line of the error). */
  problem?: string;
}

export interface Replica {
  /** host:port/database, for logs and /readyz. */
  name: string;
  /** "replica 1", "replica 2"… in DATABASE_READ_URLS order: what a client may be told (x-debug-sql), without hosts. */
  label: string;
  orm: MikroORM;
}

interface Tracked extends Replica {
  pool: Pool;
  state: ReplicaState;
  lagMs: number | null;
  replayLsn: bigint | null;
  checkedAt: number;
  problem?: string;
}

export interface ReadReplicasOptions {
  /** The primary's ORM: its URL (a pool of one connection, for WAL positions) and its pool, to fail over to. */
  primary: MikroORM;
  /** Replicas: their URL and the ORM opened on it (closed by close()). */
  replicas: { url: string; orm: MikroORM }[];
  maxLagMs: number;
  /** Health check period (default 500 ms). */
  intervalMs?: number;
  /** A replica state changed (logged by the server). */
  onChange?: (status: ReplicaStatus) => void;
}

export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function firstLine(err: unknown): string {
  return (err as Error)?.message?.split('\n')[0] || String(err);
}

export class ReadReplicas {
  private readonly primary: Pool;
  private readonly tracked: Tracked[];
  private readonly intervalMs: number;
  /** Primary WAL positions sampled by the checks, oldest first (kept while some replica may still need them). */
  private samples: { at: number; lsn: bigint }[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private next = 0;
  private closed = false;

  constructor(private readonly opts: ReadReplicasOptions) {
    this.intervalMs = opts.intervalMs ?? 500;
    const pool = (url: string, name: string) => {
      const p = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2000, idleTimeoutMillis: 60_000, statement_timeout: 2000, query_timeout: 3000, application_name: name });
      p.on('error', () => undefined); // an idle connection dropped: the next check reconnects and reports
      return p;
    };
    this.primary = pool(opts.primary.config.getClientUrl(), 'rule-of-law-graph replica check');
    this.tracked = opts.replicas.map((r, i) => ({
      name: describeUrl(r.url), label: `replica ${i + 1}`, orm: r.orm, pool: pool(r.url, 'rule-of-law-graph replica check'),
      state: 'unchecked', lagMs: null, replayLsn: null, checkedAt: 0,
    }));
    const knexOf = (orm: MikroORM) => orm.em.getConnection().getKnex();
    const primaryReusing = planReusingKnex(opts.primary);
    for (const r of this.tracked) {
      this.failOver(r, knexOf(r.orm), knexOf(opts.primary));
      // Statements that reuse their plan have pools of their own, on the replica and on the primary (prepared-statements.ts).
      const reusing = planReusingKnex(r.orm);
      if (reusing && primaryReusing) this.failOver(r, reusing, primaryReusing);
    }
  }

  /**
   * The replica's knex hands out a primary connection when it cannot open one of its own (refused,
   * reset, timed out: not when its pool is merely busy), and takes it back to the primary's pool.
   * knex acquires every connection through Client.acquireConnection (queries and transactions alike).
   */
  private failOver(r: Tracked, replicaKnex: Knex, primaryKnex: Knex): void {
    const client = replicaKnex.client as Knex.Client;
    const primaryClient = primaryKnex.client as Knex.Client;
    const borrowed = new WeakSet<object>();
    const acquire = client.acquireConnection.bind(client);
    const release = client.releaseConnection.bind(client);
    client.acquireConnection = async () => {
      try {
        return await acquire();
      } catch (err) {
        if ((err as Error).name === 'KnexTimeoutError') throw err; // its pool is busy, not the replica gone
        this.markDown(r, err);
        const connection = (await primaryClient.acquireConnection()) as object;
        borrowed.add(connection);
        return connection;
      }
    };
    client.releaseConnection = (connection: object) => {
      if (!borrowed.delete(connection)) return release(connection);
      return primaryClient.releaseConnection(connection);
    };
  }

  private markDown(r: Tracked, err: unknown): void {
    if (r.state === 'down') return;
    r.state = 'down';
    r.lagMs = null;
    r.problem = firstLine(err);
    this.opts.onChange?.(this.statusOf(r));
  }

  /** Checks once (so the first requests already know), then every intervalMs in the background. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** One round of checks; a round still running is joined, not doubled. */
  check(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const now = Date.now();
    try {
      const { rows: [row] } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = parseLsn(row.lsn)!;
      if (!this.samples.length || this.samples[this.samples.length - 1].lsn < lsn) this.samples.push({ at: now, lsn });
    } catch {
      // Primary unreachable: replicas are judged against the samples already taken.
    }
    await Promise.all(this.tracked.map((r) => this.checkReplica(r)));
    // Samples every replica has replayed, or older than any lag worth measuring, are no longer needed.
    const replayed = this.tracked.map((r) => r.replayLsn ?? 0n).reduce((a, b) => (a < b ? a : b), this.samples.at(-1)?.lsn ?? 0n);
    const horizon = Date.now() - Math.max(this.opts.maxLagMs * 2, 10_000);
    while (this.samples.length > 1 && (this.samples[1].lsn <= replayed || this.samples[0].at < horizon)) this.samples.shift();
  }

  private async checkReplica(r: Tracked): Promise<void> {
    const before = r.state;
    try {
      const { rows: [row] } = await r.pool.query<{ recovery: boolean; lsn: string | null }>(
        'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn');
      r.checkedAt = Date.now();
      r.problem = undefined;
      if (!row.recovery || !row.lsn) {
        r.state = 'not a replica';
        r.lagMs = null;
        r.replayLsn = null;
      } else {
        r.replayLsn = parseLsn(row.lsn);
        const behind = this.samples.find((s) => s.lsn > r.replayLsn!);
        r.lagMs = behind ? r.checkedAt - behind.at : 0;
        r.state = r.lagMs > this.opts.maxLagMs ? 'lagging' : 'ok';
      }
    } catch (err) {
      if (before !== 'down') return this.markDown(r, err);
      r.problem = firstLine(err);
    }
    if (r.state !== before) this.opts.onChange?.(this.statusOf(r));
  }

  private usable(r: Tracked, now: number): boolean {
    // A check older than a few rounds (the check itself hangs) is no evidence the replica is fine.
    return r.state === 'ok' && now - r.checkedAt <= Math.max(this.intervalMs * 4, 2000);
  }

  /** A usable replica that has replayed `after` (when given), round robin; undefined: read from the primary. */
  choose(after: bigint | null): Replica | undefined {
    const now = Date.now();
    for (let i = 0; i < this.tracked.length; i++) {
      const r = this.tracked[(this.next + i) % this.tracked.length];
      if (!this.usable(r, now) || (after !== null && (r.replayLsn === null || r.replayLsn < after))) continue;
      this.next = (this.next + i + 1) % this.tracked.length;
      return r;
    }
    return undefined;
  }

  /** The primary's WAL position now: a client that reads with it afterwards sees everything committed before. */
  async primaryLsn(): Promise<string> {
    const { rows: [row] } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return row.lsn;
  }

  private statusOf(r: Tracked): ReplicaStatus {
    return { name: r.name, state: r.state, lagMs: r.lagMs, replayLsn: r.replayLsn === null ? null : formatLsn(r.replayLsn), ...(r.problem ? { problem: r.problem } : {}) };
  }

  status(): ReplicaStatus[] {
    return this.tracked.map((r) => this.statusOf(r));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await Promise.all([this.primary.end(), ...this.tracked.map((r) => r.pool.end())]);
    await Promise.all(this.tracked.map((r) => r.orm.close(true)));
  }
}
