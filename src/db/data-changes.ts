/**
 * The data version of this process: a number that moves whenever an import commits anywhere
 * (any process, API or CLI). Imports write their audit row in their own transaction; a trigger on
 * audit_log (migration 20261129140000) sends NOTIFY on the channel below, which PostgreSQL
 * delivers to every listening session when, and only if, that transaction commits.
 *
 * Each server process keeps one session LISTENing. While it is not listening (database down,
 * connection lost) the version is null: callers must not trust anything cached, since a change
 * may go unheard. On (re)connecting the version moves too, for what changed while it was deaf.
 *
 * With read replicas (`withLsn`), a version moves only once the primary's WAL position after the
 * change is known (changedAt()): reads of this process then wait for a replica that has replayed
 * it, so nothing read (and cached) under the new version predates the change.
 */
import { Client, type Notification } from 'pg';

export const DATA_CHANGED_CHANNEL = 'rolg_data_changed';
const RECONNECT_MS = [200, 1000, 5000];

export class DataChanges {
  private client?: Client;
  private current = 0;
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

  /** The version answers may be cached under; null while changes could go unheard. */
  version(): number | null {
    return this.listening ? this.current : null;
  }

  /** The primary's WAL position when the current version began (withLsn only; null before that). */
  changedAt(): string | null {
    return this.lsn;
  }

  /** Moves the version; with withLsn, once the primary's position after the change is known. */
  private async moved(client: Client): Promise<void> {
    if (this.withLsn) {
      const { rows: [row] } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      if (this.client !== client) return;
      this.lsn = row.lsn;
    }
    this.current++;
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
      if (n.channel === DATA_CHANGED_CHANNEL) this.moved(client).catch((err: Error) => this.lost(client, err.message));
    });
    client.on('error', (err) => this.lost(client, err.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (this.closed || this.client !== client) return void client.end().catch(() => undefined);
      await this.moved(client);
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
