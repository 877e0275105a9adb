/**
 * The synthetic record generator. Given a county (its agencies, townships, task forces) and a
 * year's targets, it produces rows whose counts and sums equal the targets exactly; how they
 * spread over departments, townships and months follows seeds/synthetic/profile.ts. Every row is
 * marked SYNTHETIC. Each table draws from its own random stream, so tables can be generated in
 * separate passes (one COPY stream each) and still be the same on every run.
 */
import {
  ACTIONS, DEPARTMENTS, GIVEN, MONTHS, SUPERVISED_FIRST, SURNAMES, TASK_FORCES, TOWNSHIP_KIND_WEIGHT, TOWNSHIP_SHARES,
  type Action, type CountyYearTargets,
} from './profile';
import type { Row } from '../../src/db/copy';
import { Random, allocate, scatter } from './random';

export interface AgencyRef {
  id: number;
  code: string;
  /** Department code suffix (SCJGJ...), or null for a township government. */
  suffix: string | null;
  townshipId: number | null;
}

export interface CountyRefs {
  countyId: number;
  countyCode: string;
  departments: AgencyRef[];
  governments: AgencyRef[];
  townships: { id: number; kind: string }[];
  taskForces: { id: number; code: string }[];
}

/** Row ids are assigned by the generator (a reserved range per table), so rows can reference each other. */
export class Ids {
  constructor(private readonly next: Record<string, number>) {}
  take(table: string): number {
    const id = this.next[table];
    this.next[table] = id + 1;
    return id;
  }
  peek(table: string): number {
    return this.next[table];
  }
}

export type { Row };
export type Emit = (table: string, row: Row) => void;

export const SYNTHETIC = 'SYNTHETIC';

const ACTION_ABBR: Record<Action, string> = { PENALTY: 'CF', INSPECTION: 'JC', LICENSE: 'XK', GUIDANCE: 'ZD', MEDIATION: 'TJ', COERCIVE_MEASURE: 'QZ' };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dateIn(rng: Random, year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(rng.int(1, daysIn(year, month)))}`;
}

function randomDate(rng: Random, year: number, fromMonth = 1, toMonth = 12): string {
  return dateIn(rng, year, rng.int(fromMonth, toMonth));
}

function byShare(departments: AgencyRef[], pick: (p: (typeof DEPARTMENTS)[number]) => number | undefined): { agency: AgencyRef; weight: number }[] {
  const out: { agency: AgencyRef; weight: number }[] = [];
  for (const d of departments) {
    const profile = DEPARTMENTS.find((p) => p.suffix === d.suffix);
    const w = profile ? pick(profile) ?? 0 : 0;
    if (w > 0) out.push({ agency: d, weight: w });
  }
  return out;
}

export interface PenaltyRef {
  id: number;
  agencyId: number;
  decidedOn: string;
}

/** Enforcement cases of one county-year; returns the penalty cases (for case-file review sampling). */
export function generateCases(rng: Random, refs: CountyRefs, year: number, t: CountyYearTargets, ids: Ids, source: string, emit: Emit): PenaltyRef[] {
  const townshipWeights = refs.townships.map((tw) => TOWNSHIP_KIND_WEIGHT[tw.kind] ?? 1);
  const rows: { row: Row; action: Action; agencyId: number; decidedOn: string }[] = [];
  for (const action of ACTIONS) {
    const cells = byShare(refs.departments, (p) => p.shares[action]);
    const townshipShare = TOWNSHIP_SHARES[action] ?? 0;
    if (townshipShare > 0) {
      const each = townshipShare / Math.max(1, refs.governments.length);
      for (const g of refs.governments) cells.push({ agency: g, weight: each * (0.6 + 0.8 * rng.next()) });
    }
    const perAgency = allocate(t.actions[action], cells.map((c) => c.weight));
    cells.forEach((cell, i) => {
      const perMonth = allocate(perAgency[i], MONTHS[action].map((w) => w * (0.85 + 0.3 * rng.next())));
      let seq = 0;
      perMonth.forEach((count, m) => {
        for (let k = 0; k < count; k++) {
          const decidedOn = dateIn(rng, year, m + 1);
          let townshipId: number | null = cell.agency.townshipId;
          if (townshipId === null && !(action === 'LICENSE' && rng.next() < 0.4)) {
            townshipId = refs.townships[rng.weighted(townshipWeights)]?.id ?? null;
          }
          let fine = 0;
          if (action === 'PENALTY' && rng.next() < 0.78) fine = Math.max(200, Math.min(500000, Math.round(rng.logNormal(2000, 1.1) / 100) * 100)) * 100;
          seq += 1;
          rows.push({
            action, agencyId: cell.agency.id, decidedOn,
            row: [0, refs.countyId, SYNTHETIC, source, `${cell.agency.code}-${ACTION_ABBR[action]}-${year}-${pad(seq, 5)}`, cell.agency.id, townshipId, action, decidedOn, fine, 'NONE', null],
          });
        }
      });
    });
  }
  // Leniency (包容审慎监管) applies to penalty cases: exact case counts and amounts involved.
  const penalties = rows.filter((r) => r.action === 'PENALTY');
  const order = rng.shuffle(penalties.map((_, i) => i));
  let cursor = 0;
  for (const [kind, [cases, yuan]] of Object.entries(t.leniency) as [string, [number, number]][]) {
    const amounts = scatter(rng, yuan, cases, 0.7);
    for (let k = 0; k < cases && cursor < order.length; k++, cursor++) {
      const r = penalties[order[cursor]].row;
      r[10] = kind;
      r[11] = amounts[k] * 100;
      if (kind === 'EXEMPTED') r[9] = 0;
      else if (r[9] === 0) r[9] = Math.max(100, Math.round((amounts[k] * 0.5) / 100) * 100) * 100;
    }
  }
  rows.sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
  const out: PenaltyRef[] = [];
  for (const r of rows) {
    const id = ids.take('enforcement_case');
    r.row[0] = id;
    emit('enforcement_case', r.row);
    if (r.action === 'PENALTY') out.push({ id, agencyId: r.agencyId, decidedOn: r.decidedOn });
  }
  return out;
}

function personName(rng: Random): string {
  return rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.next() < 0.6 ? rng.pick([...GIVEN]) : '');
}

const CANCEL_REASONS: [string, number][] = [['RETIREMENT', 0.42], ['TRANSFER', 0.36], ['FAILED_EXAM', 0.14], ['DISCIPLINARY', 0.08]];

/**
 * Certificate holders as at the end of the last year, and the certificates cancelled in each year.
 * `cancelledPerYear` maps year -> count.
 */
export function generateOfficers(rng: Random, refs: CountyRefs, lastYear: number, active: { departments: number; townships: number }, cancelledPerYear: Record<number, number>, ids: Ids, source: string, emit: Emit): void {
  // Numbers look like real ones (county, year of issue, six digits) but the digits are drawn from a
  // stream of their own, so they cannot be derived from what analysts see (county, year, order).
  const digits = new Random(`certificates:${refs.countyCode}:${lastYear}:${source}`);
  const used = new Set<number>();
  const cert = (issuedYear: number) => {
    let n: number;
    do n = digits.int(0, 999_999); while (used.has(n));
    used.add(n);
    return `${refs.countyCode}${String(issuedYear).slice(2)}${pad(n, 6)}`;
  };
  const write = (agency: AgencyRef, status: string, issuedOn: string, cancelledOn: string | null, reason: string | null) =>
    emit('enforcement_officer', [ids.take('enforcement_officer'), refs.countyId, SYNTHETIC, source, agency.id, personName(rng), cert(Number(issuedOn.slice(0, 4))), status, issuedOn, cancelledOn, reason]);

  const depts = byShare(refs.departments, (p) => p.officers);
  allocate(active.departments, depts.map((d) => d.weight)).forEach((n, i) => {
    for (let k = 0; k < n; k++) write(depts[i].agency, 'ACTIVE', randomDate(rng, rng.int(lastYear - 11, lastYear)), null, null);
  });
  scatter(rng, active.townships, refs.governments.length, 0.3).forEach((n, i) => {
    for (let k = 0; k < n; k++) write(refs.governments[i], 'ACTIVE', randomDate(rng, rng.int(Math.max(2019, lastYear - 4), lastYear)), null, null);
  });
  const everyone = [...depts.map((d) => ({ agency: d.agency, weight: d.weight })), ...refs.governments.map((g) => ({ agency: g, weight: 6 }))];
  for (const [yearText, count] of Object.entries(cancelledPerYear)) {
    const year = Number(yearText);
    const reasons = allocate(count, CANCEL_REASONS.map(([, w]) => w));
    reasons.forEach((n, r) => {
      for (let k = 0; k < n; k++) {
        const agency = everyone[rng.weighted(everyone.map((e) => e.weight))].agency;
        write(agency, 'CANCELLED', randomDate(rng, rng.int(year - 15, year - 1)), randomDate(rng, year), CANCEL_REASONS[r][0]);
      }
    });
  }
}

const REVIEW_AGENCIES: Record<string, string[]> = {
  GOVERNMENT_DOCUMENT: [],
  AGREEMENT: ['ZRZYJ', 'ZJJ', 'CZJ', 'FGW', 'GXJ', 'JTJ'],
  MAJOR_PENALTY: ['SCJGJ', 'STHJJ', 'YJJ', 'ZRZYJ', 'JTJ', 'CGJ', 'GAJ'],
  MAJOR_DECISION: ['FGW'],
  NORMATIVE_DOCUMENT: ['FGW', 'CZJ', 'RSJ', 'ZJJ', 'NYJ', 'MZJ'],
  PARTY_NORMATIVE_DOCUMENT: [],
};

const REVIEW_TITLE: Record<string, string> = {
  GOVERNMENT_DOCUMENT: '县政府文件', AGREEMENT: '行政、民事协议', MAJOR_PENALTY: '重大行政处罚决定',
  MAJOR_DECISION: '重大行政决策', NORMATIVE_DOCUMENT: '行政规范性文件', PARTY_NORMATIVE_DOCUMENT: '党内规范性文件',
};

/** Everything else of a county-year: legality reviews, case-file reviews, supervision, trainings, meetings, litigation. */
export function generateActivities(rng: Random, refs: CountyRefs, year: number, t: CountyYearTargets, penalties: PenaltyRef[], ids: Ids, source: string, emit: Emit): void {
  const bySuffix = new Map(refs.departments.map((d) => [d.suffix, d]));
  const dept = (suffix: string) => bySuffix.get(suffix) ?? refs.departments[0];

  for (const [kind, count] of Object.entries(t.legalityReviews)) {
    const pool = REVIEW_AGENCIES[kind] ?? [];
    for (let k = 1; k <= count; k++) {
      const agencyId = pool.length ? dept(rng.pick(pool)).id : null;
      emit('legality_review', [ids.take('legality_review'), refs.countyId, SYNTHETIC, source, kind, randomDate(rng, year), agencyId, `[合成] ${REVIEW_TITLE[kind]}合法性审查 ${year}-${pad(k, 3)}`]);
    }
  }

  // Case-file review rounds: one routine round a month (月抽取), the centralised one in November.
  const rounds: { id: number; kind: string; heldOn: string }[] = [];
  for (let m = 1; m <= t.caseFileReviews.ROUTINE; m++) rounds.push({ id: 0, kind: 'ROUTINE', heldOn: `${year}-${pad(Math.min(12, m))}-${pad(rng.int(20, 28))}` });
  for (let k = 0; k < t.caseFileReviews.CENTRALIZED; k++) rounds.push({ id: 0, kind: 'CENTRALIZED', heldOn: `${year}-11-${pad(rng.int(10, 20))}` });
  for (const r of rounds) {
    r.id = ids.take('case_file_review');
    emit('case_file_review', [r.id, refs.countyId, SYNTHETIC, source, r.kind, r.heldOn, `[合成] ${r.kind === 'CENTRALIZED' ? '行政执法卷宗集中评查' : `常态化案卷评查 ${r.heldOn.slice(0, 7)}`}`]);
  }
  const filesPerRound = allocate(t.caseFileReviews.files, rounds.map((r) => (r.kind === 'CENTRALIZED' ? 5 : 1)));
  const problems = scatter(rng, t.caseFileReviews.problems, t.caseFileReviews.files, 0.9);
  const sampled = new Set<number>();
  let fileIndex = 0;
  rounds.forEach((round, i) => {
    const eligible = penalties.filter((p) => p.decidedOn <= round.heldOn && !sampled.has(p.id));
    const pool = eligible.length ? eligible : penalties.filter((p) => !sampled.has(p.id));
    for (let k = 0; k < filesPerRound[i] && pool.length; k++) {
      const p = pool.splice(rng.int(0, pool.length - 1), 1)[0];
      sampled.add(p.id);
      emit('case_file_review_item', [ids.take('case_file_review_item'), refs.countyId, SYNTHETIC, source, round.id, p.id, p.agencyId, problems[fileIndex++]]);
    }
  });

  const supervised = [...SUPERVISED_FIRST.slice(0, 2), ...rng.shuffle(SUPERVISED_FIRST.slice(2))].slice(0, t.supervisedUnits);
  for (const suffix of supervised) {
    emit('supervision_inspection', [ids.take('supervision_inspection'), refs.countyId, SYNTHETIC, source, dept(suffix).id, randomDate(rng, year, 6, 11), '[合成] 行政执法突出问题专项监督检查']);
  }

  const general = scatter(rng, t.generalTrainingParticipants + rng.int(10, 80), Math.max(1, t.trainings.OFFICER_GENERAL ?? 0), 0.2);
  for (const [kind, count] of Object.entries(t.trainings)) {
    for (let k = 0; k < count; k++) {
      let organizer: number | null = null;
      let participants: number;
      if (kind === 'OFFICER_GENERAL') participants = general[k];
      else if (kind === 'OFFICER_PROFESSIONAL' || kind === 'TOWNSHIP_ON_SITE') {
        organizer = rng.pick(refs.departments).id;
        participants = rng.int(15, 80);
      } else if (kind === 'TOWNSHIP_CENTRALIZED') {
        organizer = dept('SFJ').id;
        participants = rng.int(80, 200);
      } else participants = kind === 'OUTREACH' ? rng.int(30, 150) : rng.int(20, 120);
      emit('training', [ids.take('training'), refs.countyId, SYNTHETIC, source, kind, randomDate(rng, year), organizer, participants, `[合成] ${kind} ${year}-${pad(k + 1)}`]);
    }
  }

  for (const tf of refs.taskForces) {
    const count = t.taskForceMeetings[tf.code] ?? 0;
    for (let k = 1; k <= count; k++) {
      emit('task_force_meeting', [ids.take('task_force_meeting'), refs.countyId, SYNTHETIC, source, tf.id, randomDate(rng, year), `[合成] ${TASK_FORCES.find((p) => p.code === tf.code)?.name ?? tf.code}会议 ${k}`]);
    }
  }

  const courtCode = `豫${refs.countyCode.slice(2)}`;
  const defendants = ['ZRZYJ', 'ZRZYJ', 'ZJJ', 'GAJ', 'SCJGJ', 'RSJ', 'CGJ', 'STHJJ', 'JTJ'];
  const admin = t.litigation.administrative;
  const appeared = new Set(rng.shuffle(Array.from({ length: admin }, (_, i) => i)).slice(0, t.litigation.headAppearances));
  for (let k = 0; k < admin; k++) {
    const agency = rng.next() < 0.15 && refs.governments.length ? rng.pick(refs.governments) : dept(rng.pick(defendants));
    emit('litigation_case', [ids.take('litigation_case'), refs.countyId, SYNTHETIC, source, `(${year})${courtCode}行初${k + 1}号`, 'ADMINISTRATIVE', agency.id, randomDate(rng, year), appeared.has(k), null]);
  }
  let civilSeq = 0;
  for (const [kind, outcomes, mark] of [['CIVIL', t.litigation.civil, '民初'], ['ENFORCEMENT', t.litigation.enforcement, '执']] as const) {
    for (const [outcome, count] of Object.entries(outcomes)) {
      for (let k = 0; k < count; k++) {
        const agency = rng.next() < 0.3 && refs.governments.length ? rng.pick(refs.governments) : rng.pick(refs.departments);
        emit('litigation_case', [ids.take('litigation_case'), refs.countyId, SYNTHETIC, source, `(${year})${courtCode}${mark}${++civilSeq}号`, kind, agency.id, randomDate(rng, year), null, outcome]);
      }
    }
  }
}
