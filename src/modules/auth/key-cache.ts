/**
 * The viewers of API keys this process has looked up, by key hash, so that a request with a known
 * key sends no statement for it (the lookup was one of every keyed request's statements, and each
 * round trip to PostgreSQL costs more server CPU than the statement). An entry is used only while
 * no statement on `api_key` has been heard since it was looked up (data-changes.ts): revoking a
 * key, by the CLI or by hand-written SQL in any process, takes effect in every process as soon as
 * PostgreSQL delivers the notification (milliseconds after the commit), and while the process is
 * not listening every key is looked up again. Unknown and revoked keys are never kept.
 */
import type { DataChanges, KeyStamp } from '../../db/data-changes';
import type { Viewer } from './viewer';
import { keepRecent } from '../../common/recent-entries';

/** Keys kept at most; the oldest looked up goes first. */
const MAX_KEYS = 10_000;

export class KeyCache {
  private readonly entries = new Map<string, { viewer: Viewer; stamp: KeyStamp }>();

  constructor(private readonly changes: DataChanges) {}

  /** The viewer of the key with this hash, if it was looked up and no key has changed since. */
  get(hash: string): Viewer | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (this.changes.keysUnchangedSince(entry.stamp)) return entry.viewer;
    this.entries.delete(hash);
    return undefined;
  }

  /** The stamp to look a key up at: taken before the statement, so a change during it is not missed. */
  stamp(): KeyStamp | null {
    return this.changes.keyStamp();
  }

  set(hash: string, viewer: Viewer, stamp: KeyStamp | null): void {
    if (!stamp || !this.changes.keysUnchangedSince(stamp)) return;
    keepRecent(this.entries, hash, { viewer, stamp }, MAX_KEYS);
  }
}
