import type { Queryable } from '../../db/db';
import { sql } from '../../db/sql';
import type { Viewer } from './viewer';

/** Record a write in the audit log; call it inside the write's transaction so both commit or neither. */
export async function recordAudit(tx: Queryable, viewer: Viewer, action: string, countyCode: string | null, rows: number, detail: Record<string, unknown>): Promise<void> {
  await tx.query(sql`INSERT INTO audit_log (key_id, actor, action, county_code, rows, detail)
    VALUES (${viewer.keyId}, ${viewer.label}, ${action}, ${countyCode}, ${rows}, ${JSON.stringify(detail)})`);
}
