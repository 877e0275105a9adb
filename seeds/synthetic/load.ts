/**
 * Loads synthetic records for a set of counties and years into the database with COPY:
 * enforcement cases stream in one COPY (the bulk of the rows), the other tables follow.
 * Ids are reserved up front so rows can reference each other; sequences are moved past them.
 */
import type { Transaction } from '../../src/db/db';
import { ident, sql } from '../../src/db/sql';
import { CopyWriter, copyRows } from '../../src/db/copy';
import { addYearPartitions } from '../../src/db/year-partitions';
import { Ids, generateActivities, generateCases, generateOfficers, type CountyRefs, type PenaltyRef, type Row } from './generate';
import type { CountyYearTargets } from './profile';
import { Random } from './random';

export const COLUMNS: Record<string, readonly string[]> = {
  enforcement_case: ['id', 'county_id', 'provenance', 'source', 'case_number', 'agency_id', 'township_id', 'action_type', 'decided_on', 'fine_amount_fen', 'leniency', 'leniency_amount_fen'],
  enforcement_officer: ['id', 'county_id', 'provenance', 'source', 'agency_id', 'name', 'certificate_number', 'status', 'issued_on', 'cancelled_on', 'cancellation_reason'],
  legality_review: ['id', 'county_id', 'provenance', 'source', 'kind', 'reviewed_on', 'agency_id', 'title'],
  case_file_review: ['id', 'county_id', 'provenance', 'source', 'kind', 'held_on', 'title'],
  case_file_review_item: ['id', 'county_id', 'provenance', 'source', 'review_id', 'enforcement_case_id', 'agency_id', 'problems_found'],
  supervision_inspection: ['id', 'county_id', 'provenance', 'source', 'agency_id', 'inspected_on', 'topic'],
  training: ['id', 'county_id', 'provenance', 'source', 'kind', 'held_on', 'organizer_id', 'participants', 'title'],
  task_force_meeting: ['id', 'county_id', 'provenance', 'source', 'task_force_id', 'held_on', 'title'],
  litigation_case: ['id', 'county_id', 'provenance', 'source', 'case_number', 'kind', 'defendant_agency_id', 'heard_on', 'head_appeared', 'outcome'],
};

export const RECORD_TABLES = Object.keys(COLUMNS);

export interface CountyPlan {
  refs: CountyRefs;
  years: number[];
  targets: (year: number) => CountyYearTargets;
  seed: string;
  source: string;
}

export interface LoadProgress {
  (done: number, total: number): void;
}

async function reserveIds(tx: Transaction): Promise<Ids> {
  const next: Record<string, number> = {};
  for (const table of RECORD_TABLES) {
    const [r] = await tx.query<{ next: string }>(sql`SELECT COALESCE(max(id), 0) + 1 AS next FROM ${ident(table)}`);
    next[table] = Number(r.next);
  }
  return new Ids(next);
}

export async function setSequences(tx: Transaction): Promise<void> {
  for (const table of RECORD_TABLES) {
    await tx.client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT COALESCE(max(id), 0) FROM "${table}"), 1))`);
  }
}

/** Generate and COPY every plan's records inside the caller's transaction; returns rows per table. */
export async function loadSynthetic(tx: Transaction, plans: CountyPlan[], progress?: LoadProgress): Promise<Record<string, number>> {
  await addYearPartitions(tx, RECORD_TABLES, [...new Set(plans.flatMap((p) => p.years))]);
  await tx.client.query(`LOCK TABLE ${RECORD_TABLES.map((t) => `"${t}"`).join(', ')} IN EXCLUSIVE MODE`);
  const ids = await reserveIds(tx);
  const counts: Record<string, number> = Object.fromEntries(RECORD_TABLES.map((t) => [t, 0]));
  const total = plans.reduce((n, p) => n + p.years.length, 0);

  // Pass 1: the cases, streamed; remember penalty cases for case-file review sampling.
  const penalties = new Map<string, PenaltyRef[]>();
  const cases = CopyWriter.open(tx.client, 'enforcement_case', COLUMNS.enforcement_case);
  let done = 0;
  try {
    for (const plan of plans) {
      for (const year of plan.years) {
        const pending: Row[] = [];
        const rng = new Random(`${plan.seed}:${plan.refs.countyCode}:${year}:cases`);
        penalties.set(`${plan.refs.countyCode}:${year}`, generateCases(rng, plan.refs, year, plan.targets(year), ids, plan.source, (_t, row) => pending.push(row)));
        for (const row of pending) await cases.write(row);
        progress?.(++done, total);
      }
    }
  } finally {
    await cases.end();
  }
  counts.enforcement_case = cases.rows;

  // Pass 2: everything else, buffered per table (small next to the cases).
  const buffers: Record<string, Row[]> = Object.fromEntries(RECORD_TABLES.map((t) => [t, [] as Row[]]));
  const emit = (table: string, row: Row) => buffers[table].push(row);
  for (const plan of plans) {
    const lastYear = Math.max(...plan.years);
    const last = plan.targets(lastYear);
    const cancelled = Object.fromEntries(plan.years.map((y) => [y, plan.targets(y).cancelled]));
    generateOfficers(new Random(`${plan.seed}:${plan.refs.countyCode}:officers`), plan.refs, lastYear,
      { departments: last.activeDepartmentOfficers, townships: last.activeTownshipOfficers }, cancelled, ids, plan.source, emit);
    for (const year of plan.years) {
      const rng = new Random(`${plan.seed}:${plan.refs.countyCode}:${year}:activities`);
      generateActivities(rng, plan.refs, year, plan.targets(year), penalties.get(`${plan.refs.countyCode}:${year}`) ?? [], ids, plan.source, emit);
    }
  }
  for (const table of RECORD_TABLES) {
    if (table === 'enforcement_case') continue;
    counts[table] = await copyRows(tx.client, table, COLUMNS[table], buffers[table]);
  }
  await setSequences(tx);
  return counts;
}
