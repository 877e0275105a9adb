/** API keys: created with a random secret (shown once), stored as a SHA-256 hash, revoked by id. */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/db';
import { sql } from '../../db/sql';
import { UnauthenticatedError } from '../../errors';
import { gbt2260 } from '../geography/gbt2260';
import type { KeyCache } from './key-cache';
import { Role } from './api-key.entity';
import type { Viewer } from './viewer';

const KEY = /^rol_[A-Za-z0-9_-]{43}$/;

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface CreatedKey {
  id: number;
  secret: string;
  role: Role;
  countyCode: string | null;
}

export async function createKey(db: Queryable, role: Role, countyCode: string | null, label: string): Promise<CreatedKey> {
  if (!Object.values(Role).includes(role)) throw new Error(`role must be one of ${Object.values(Role).join(', ')}`);
  if (role === Role.EDITOR && !countyCode) throw new Error('an EDITOR key needs --county <code>');
  if (role !== Role.EDITOR && countyCode) throw new Error('only EDITOR keys have a county');
  if (countyCode && !gbt2260().county(countyCode)) throw new Error(`${countyCode} is not a GB/T 2260 county code`);
  const secret = `rol_${randomBytes(32).toString('base64url')}`;
  const [row] = await db.query<{ id: number }>(sql`
    INSERT INTO api_key (key_hash, prefix, role, county_code, label) VALUES (${hashKey(secret)}, ${secret.slice(0, 12)}, ${role}, ${countyCode}, ${label})
    RETURNING id`);
  return { id: row.id, secret, role, countyCode };
}

export async function listKeys(db: Queryable) {
  return db.query<{ id: number; prefix: string; role: string; county_code: string | null; label: string; created_at: Date; revoked_at: Date | null }>(
    sql`SELECT id, prefix, role, county_code, label, created_at, revoked_at FROM api_key ORDER BY id`);
}

export async function revokeKey(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(sql`UPDATE api_key SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`);
  return rows.length === 1;
}

/**
 * The viewer for an Authorization header; a bad, unknown or revoked key is an error, never
 * anonymous. With `cache`, a key looked up before and unchanged since is answered without SQL.
 */
export async function authenticate(db: Queryable, header: string, cache?: KeyCache): Promise<Viewer> {
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m || !KEY.test(m[1])) throw new UnauthenticatedError('The Authorization header must be "Bearer <API key>"; this one is malformed.');
  const hash = hashKey(m[1]);
  const known = cache?.get(hash);
  if (known) return known;
  const stamp = cache?.stamp() ?? null;
  const [row] = await db.query<{ id: number; role: Role; county_code: string | null; label: string; revoked_at: Date | null; county_id: number | null }>(sql`
    SELECT k.id, k.role, k.county_code, k.label, k.revoked_at, c.id AS county_id
      FROM api_key k LEFT JOIN county c ON c.code = k.county_code WHERE k.key_hash = ${hash}`);
  // Unknown and revoked keys get the same answer, so it tells nothing about which keys exist.
  if (!row || row.revoked_at) throw new UnauthenticatedError('This API key is unknown or has been revoked.');
  const viewer: Viewer = { keyId: row.id, role: row.role, countyCode: row.county_code, countyId: row.county_id, label: row.label };
  cache?.set(hash, viewer, stamp);
  return viewer;
}
