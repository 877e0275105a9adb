import { upsert } from '../../src/db/bulk';
import type { Queryable } from '../../src/db/db';
import { sql } from '../../src/db/sql';
import { agencyIssuer } from './case-numbers';
import type { CountyRefs } from './generate';
import { TASK_FORCES } from './profile';

/**
 * The county's task forces (created when missing, members included) and everything the
 * generator needs to point records at: agencies by department, township governments, townships.
 */
export async function countyRefs(db: Queryable, countyId: number, taskForceProvenance: 'PUBLISHED' | 'SYNTHETIC', taskForceSource: (quote: string) => string): Promise<CountyRefs> {
  const [county] = await db.query<{ code: string; name: string }>(sql`SELECT code, name FROM county WHERE id = ${countyId}`);
  const agencies = await db.query<{ id: number; code: string; level: string; township_id: number | null; township_name: string | null }>(
    sql`SELECT a.id, a.code, a.level, a.township_id, t.name AS township_name FROM agency a LEFT JOIN township t ON t.id = a.township_id
         WHERE a.county_id = ${countyId} ORDER BY a.code`);
  const townships = await db.query<{ id: number; kind: string }>(sql`SELECT id, kind FROM township WHERE county_id = ${countyId} ORDER BY code`);
  const departments = agencies.filter((a) => a.level === 'COUNTY_DEPARTMENT').map((a) => {
    const suffix = a.code.split('-')[1];
    return { id: a.id, code: a.code, suffix, townshipId: null, issuer: agencyIssuer(county.name, suffix, null, a.code) };
  });
  const governments = agencies.filter((a) => a.level === 'TOWNSHIP').map((a) => (
    { id: a.id, code: a.code, suffix: null, townshipId: a.township_id, issuer: agencyIssuer(county.name, null, a.township_name, a.code) }));

  const taskForceIds = await upsert(db, 'task_force', ['county_id', 'code', 'name', 'name_en', 'kind', 'provenance', 'source'],
    TASK_FORCES.map((tf) => [countyId, tf.code, tf.name, tf.nameEn, tf.kind, taskForceProvenance, taskForceSource(tf.source)]),
    { conflict: ['county_id', 'code'] });
  const bySuffix = new Map(departments.map((d) => [d.suffix, d.id]));
  const members: unknown[][] = [];
  for (const tf of TASK_FORCES) {
    tf.members.forEach((suffix, i) => {
      const agencyId = bySuffix.get(suffix);
      if (agencyId) members.push([countyId, taskForceIds.get(`${countyId}|${tf.code}`), agencyId, i === 0]);
    });
  }
  if (members.length) {
    await upsert(db, 'task_force_member', ['county_id', 'task_force_id', 'agency_id', 'lead'], members, { conflict: ['county_id', 'task_force_id', 'agency_id'], returnIds: false });
  }
  return {
    countyId,
    countyCode: county.code,
    departments,
    governments,
    townships,
    taskForces: TASK_FORCES.map((tf) => ({ id: taskForceIds.get(`${countyId}|${tf.code}`)!, code: tf.code })),
  };
}
