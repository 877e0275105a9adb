/**
 * County rows this process has read by code, so that `county(code:)` (the root of most county
 * pages and of W2) sends no statement for a county it has read before. A row is used only while
 * its county's data version has not moved (src/db/data-changes.ts): any statement on `county`
 * announces the codes of the rows it wrote (Migration20261129200000), whoever ran it, and while
 * the process is not listening nothing is kept or used. Rows that were not found are not kept.
 */
import type { CountyScope, DataStamp } from '../../db/data-changes';
import { keepRecent } from '../../common/recent-entries';

export interface CountyVersions {
  stamp(scope: CountyScope): DataStamp | null;
  isCurrent(stamp: DataStamp): boolean;
}

/** At most this many rows (China has about 2,800 county-level units). */
const MAX_ROWS = 5_000;

export class CountyCache {
  private readonly rows = new Map<string, { row: Record<string, unknown>; stamp: DataStamp }>();

  constructor(private readonly versions: CountyVersions) {}

  /** The row read for `code`, if its county has not changed since. A copy: callers map it to their own instance. */
  get(code: string): Record<string, unknown> | undefined {
    const kept = this.rows.get(code);
    if (!kept) return undefined;
    if (this.versions.isCurrent(kept.stamp)) return kept.row;
    this.rows.delete(code);
    return undefined;
  }

  /** The stamp to read a county at: taken before the statement, so a change during it is not missed. */
  stamp(code: string): DataStamp | null {
    return this.versions.stamp([code]);
  }

  set(code: string, row: Record<string, unknown>, stamp: DataStamp | null): void {
    if (!stamp || !this.versions.isCurrent(stamp)) return;
    keepRecent(this.rows, code, { row: Object.freeze({ ...row }), stamp }, MAX_ROWS);
  }
}
