/**
 * What this process has heard of data changes, as versions: one per county, and an epoch for
 * changes that may concern any county. Statement-level triggers on every table a published answer
 * reads (migration 20261129200000) send NOTIFY on the channel below with the table and the codes
 * of the counties the statement's rows belong to, or '*'; PostgreSQL delivers it to every
 * listening session when, and only if, the writing transaction commits: imports through the API
 * or the CLI, COPY and hand-written SQL alike.
 *
 * An answer is stamped with the versions of the counties it reads (`stamp`) before it is computed;
 * it is current while none of them, nor the epoch, has moved since (`isCurrent`), so an import of
 * one county leaves the answers about the others in place.
 *
 * Each server process keeps one session LISTENing. While it is not listening (database down,
 * connection lost) nothing is current: a change may go unheard. On (re)connecting the epoch moves,
 * for what changed while it was deaf.
 *
 * API keys have a version of their own: a statement on `api_key` announces 'api_key'
 * (migration 20261129220000), which moves it and nothing else (`keyStamp`).
 *
 * With read replicas (`withLsn`), versions move only once the primary's WAL position after the
 * change is known (changedAt()): reads of this process then wait for a replica that has replayed
 * it, so nothing read (and cached) under the new versions predates the change.
 */
import { Client, type Notification } from 'pg';

export const DATA_CHANGED_CHANNEL = 'rolg_data_changed';
/** The counties an answer may contain: their codes, or any county. */
export type CountyScope = readonly string[] | 'ANY';

/** The versions an answer was computed at. */
export interface DataStamp {
  epoch: number;
  /** For an answer about any county: every change moves it. */
  total?: number;
  counties?: [code: string, version: number][];
}
const RECONNECT_MS = [200, 1000, 5000];

export interface KeyStamp {
  epoch: number;
  keys: number;
}

export class DataChanges {
  private client?: Client;
  private epoch = 0;
  private total = 0;
  private readonly counties = new Map<string, number>();
  private keys = 0;
  private listening = false;
  private closed = false;
  private attempts = 0;
  private retry?: NodeJS.Timeout;
  private lsn: string | null = null;

  constructor(
    private readonly url: string,
    private readonly onProblem: (message: string) => void = () => undefined,
    private readonly withLsn = false,
  ) {}

  /** The versions an answer about `scope` is computed at; null while changes could go unheard. */
  stamp(scope: CountyScope): DataStamp | null {
    if (!this.listening) return null;
    if (scope === 'ANY') return { epoch: this.epoch, total: this.total };
    return { epoch: this.epoch, counties: scope.map((code) => [code, this.counties.get(code) ?? 0]) };
  }

  /** Nothing the stamped answer may contain has changed since it was stamped. */
  isCurrent(stamp: DataStamp): boolean {
    if (!this.listening || stamp.epoch !== this.epoch) return false;
    if (stamp.total !== undefined) return stamp.total === this.total;
    return stamp.counties!.every(([code, version]) => (this.counties.get(code) ?? 0) === version);
  }

  /** The version API keys are looked up at (src/modules/auth/key-cache.ts); null while changes could go unheard. */
  keyStamp(): KeyStamp | null {
    return this.listening ? { epoch: this.epoch, keys: this.keys } : null;
  }

  /** No API key has changed since the stamp, and none could have gone unheard. */
  keysUnchangedSince(stamp: KeyStamp): boolean {
    return this.listening && stamp.epoch === this.epoch && stamp.keys === this.keys;
  }

  /** The primary's WAL position when the current version began (withLsn only; null before that). */
  changedAt(): string | null {
    return this.lsn;
  }

  /**
   * Moves the versions of the counties named ('<table> <code,code…>'), or the epoch for '*' or
   * null (anything may have changed); with withLsn, once the primary's position after the change is known.
   */
  private async moved(client: Client, payload: string | null): Promise<void> {
    // Keys are read from the primary and no published answer holds them: only the key version moves.
    if (payload === 'api_key') {
      this.keys++;
      return;
    }
    if (this.withLsn) {
      const { rows: [row] } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      if (this.client !== client) return;
      this.lsn = row.lsn;
    }
    this.total++;
    const codes = payload?.split(' ')[1];
    if (!codes || codes === '*') {
      this.epoch++;
      this.counties.clear(); // every stamp of an older epoch is stale anyway
      return;
    }
    for (const code of codes.split(',')) this.counties.set(code, (this.counties.get(code) ?? 0) + 1);
  }

  /** Starts listening in the background; never throws (it retries instead). */
  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 5000, application_name: 'rule-of-law-graph data changes' });
    this.client = client;
    client.on('notification', (n: Notification) => {
      if (n.channel === DATA_CHANGED_CHANNEL) this.moved(client, n.payload ?? null).catch((err: Error) => this.lost(client, err.message));
    });
    client.on('error', (err) => this.lost(client, err.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (this.closed || this.client !== client) return void client.end().catch(() => undefined);
      await this.moved(client, null);
      this.listening = true;
      this.attempts = 0;
    } catch (err) {
      this.lost(client, (err as Error).message);
    }
  }

  private lost(client: Client, message: string): void {
    if (this.client !== client) return; // an older connection, already replaced
    this.listening = false;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.onProblem(message.split('\n')[0]);
    const wait = RECONNECT_MS[Math.min(this.attempts++, RECONNECT_MS.length - 1)];
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
