/** Who is asking, and what that allows. Every permission question goes through here. */
import { ForbiddenError } from '../../errors';
import { Role } from './api-key.entity';

export type AnonymousAccess = 'public' | 'none';

export interface Viewer {
  /** Null for anonymous requests. */
  keyId: number | null;
  role: Role | 'ANONYMOUS';
  /** Editors: their county. */
  countyCode: string | null;
  /** Editors: the id of their county (resolved once per request). */
  countyId: number | null;
  label: string;
}

export const ANONYMOUS: Viewer = { keyId: null, role: 'ANONYMOUS', countyCode: null, countyId: null, label: 'anonymous' };
export const CLI: Viewer = { keyId: null, role: Role.ADMIN, countyCode: null, countyId: null, label: 'cli' };

/** Record-level data (cases, officers, reviews...) needs a key; anonymous callers get figures and aggregates. */
export function canReadRecords(v: Viewer): boolean {
  return v.role !== 'ANONYMOUS';
}

export function assertCanReadRecords(v: Viewer, what: string): void {
  if (!canReadRecords(v)) throw new ForbiddenError(`${what} are record-level data: send an API key (Authorization: Bearer …). Without one, published figures and aggregates are available.`);
}

/**
 * Aggregates of record-level facts for callers without a key: groups of fewer rows than this are
 * withheld, and no filter may pick out a record (by id or by its text), so stats cannot rebuild
 * the record-level rows a key protects.
 */
export const ANONYMOUS_MIN_GROUP_SIZE = 3;

export function aggregatesNeedCare(v: Viewer): boolean {
  return !canReadRecords(v);
}

/** Personal data of a county's officers: editors of that county and admins. */
export function canReadPersonalData(v: Viewer, countyId: number): boolean {
  return v.role === Role.ADMIN || (v.role === Role.EDITOR && v.countyId === countyId);
}

/** Imports and other writes for a county. */
export function assertCanWrite(v: Viewer, countyCode: string): void {
  if (v.role === Role.ADMIN) return;
  if (v.role === Role.EDITOR && v.countyCode === countyCode) return;
  if (v.role === Role.EDITOR) throw new ForbiddenError(`Your key may write only county ${v.countyCode}, not ${countyCode}.`);
  throw new ForbiddenError('Writing needs an EDITOR key for the county (or an ADMIN key).');
}

export function assertAdmin(v: Viewer): void {
  if (v.role !== Role.ADMIN) throw new ForbiddenError('This needs an ADMIN key.');
}
