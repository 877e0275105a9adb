/**
 * The synthetic record generator. Given a county (its agencies, townships, task forces) and a
 * year's targets, it produces rows whose counts and sums equal the targets exactly; how they
 * spread over departments, townships and months follows seeds/synthetic/profile.ts. Every row is
 * marked SYNTHETIC. Each table draws from its own random stream, so tables can be generated in
 * separate passes (one COPY stream each) and still be the same on every run.
 */
import {
  ACTIONS, DEPARTMENTS, GIVEN, MAJOR_FINE_YUAN, MAJOR_PENALTY_AGENCIES, MONTHS, POLICE_DUTY_ACTIONS, POLICE_NON_WORKING_SHARE,
  POLICE_SUFFIX, SUPERVISED_FIRST, SURNAMES, TASK_FORCES, TOWNSHIP_KIND_WEIGHT, TOWNSHIP_SHARES,
  type Action, type CountyYearTargets,
} from './profile';
import type { Row } from '../../src/db/copy';
import { COURT_YEAR_VOLUME, courtMark, courtNumber, documentNumber, documentWord, type CourtMark } from './case-numbers';
import { busyWorkingDay, monthCapacity, nonWorkingDay, workingDay, workingDayWithin, workingDaysBefore } from './dates';
import { Random, allocate, scatter } from './random';

export interface AgencyRef {
  id: number;
  code: string;
  /** Department code suffix (SCJGJ...), or null for a township government. */
  suffix: string | null;
  townshipId: number | null;
  /** How the agency's document numbers begin (延市监, 延文岩...). */
  issuer: string;
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

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
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
  caseNumber: string;
  /** A major penalty (fine of 5万 or more): it has a legality review before the decision. */
  major: boolean;
}

// Columns of an enforcement_case row (seeds/synthetic/load.ts COLUMNS).
const CASE_NUMBER = 4;
const FINE = 9;
const LENIENCY = 10;
const LENIENCY_AMOUNT = 11;

/** A fine under leniency never exceeds the amount involved: 减轻 well below it, 从轻 somewhat below. */
function lenientFineYuan(rng: Random, kind: string, amountYuan: number): number {
  const share = kind === 'MITIGATED' ? 0.2 + 0.5 * rng.next() : 0.6 + 0.4 * rng.next();
  const yuan = amountYuan * share;
  return Math.min(amountYuan, Math.max(1, yuan >= 100 ? Math.floor(yuan / 10) * 10 : Math.floor(yuan)));
}

/** Pick `n` items without replacement, each with probability proportional to its weight. */
function weightedSample<T>(rng: Random, items: T[], weight: (item: T) => number, n: number): T[] {
  return items.map((item) => ({ item, key: rng.next() ** (1 / Math.max(1e-9, weight(item))) }))
    .sort((a, b) => b.key - a.key).slice(0, n).map((x) => x.item);
}

/** Enforcement cases of one county-year; returns the penalty cases (for case-file and legality reviews). */
export function generateCases(rng: Random, refs: CountyRefs, year: number, t: CountyYearTargets, ids: Ids, source: string, emit: Emit): PenaltyRef[] {
  const townshipWeights = refs.townships.map((tw) => TOWNSHIP_KIND_WEIGHT[tw.kind] ?? 1);
  const capacity = Array.from({ length: 12 }, (_, m) => monthCapacity(year, m + 1));
  const rows: { row: Row; action: Action; agency: AgencyRef; decidedOn: string; major: boolean }[] = [];
  for (const action of ACTIONS) {
    const cells = byShare(refs.departments, (p) => p.shares[action]);
    const townshipShare = TOWNSHIP_SHARES[action] ?? 0;
    if (townshipShare > 0) {
      const each = townshipShare / Math.max(1, refs.governments.length);
      for (const g of refs.governments) cells.push({ agency: g, weight: each * (0.6 + 0.8 * rng.next()) });
    }
    const perAgency = allocate(t.actions[action], cells.map((c) => c.weight));
    cells.forEach((cell, i) => {
      const onDuty = cell.agency.suffix === POLICE_SUFFIX && POLICE_DUTY_ACTIONS.includes(action);
      // A month's share follows its working days (fewer around 春节) and the action's season.
      const perMonth = allocate(perAgency[i], MONTHS[action].map((w, m) => w * capacity[m] * (0.85 + 0.3 * rng.next())));
      perMonth.forEach((count, m) => {
        for (let k = 0; k < count; k++) {
          const decidedOn = onDuty && rng.next() < POLICE_NON_WORKING_SHARE ? nonWorkingDay(rng, year, m + 1) : busyWorkingDay(rng, year, m + 1);
          let townshipId: number | null = cell.agency.townshipId;
          if (townshipId === null && !(action === 'LICENSE' && rng.next() < 0.4)) {
            townshipId = refs.townships[rng.weighted(townshipWeights)]?.id ?? null;
          }
          let fine = 0;
          if (action === 'PENALTY' && rng.next() < 0.78) fine = Math.max(200, Math.min(MAJOR_FINE_YUAN - 100, Math.round(rng.logNormal(2000, 1.1) / 100) * 100)) * 100;
          rows.push({
            action, agency: cell.agency, decidedOn, major: false,
            row: [0, refs.countyId, SYNTHETIC, source, '', cell.agency.id, townshipId, action, decidedOn, fine, 'NONE', null],
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
      r[LENIENCY] = kind;
      r[LENIENCY_AMOUNT] = amounts[k] * 100;
      r[FINE] = kind === 'EXEMPTED' ? 0 : lenientFineYuan(rng, kind, amounts[k]) * 100;
    }
  }
  // Major penalties: as many as the year's major-penalty legality reviews, late enough in January
  // for their review to fall in the same year; the departments that make big fines first.
  const wanted = t.legalityReviews.MAJOR_PENALTY ?? 0;
  const open = penalties.filter((p) => p.row[LENIENCY] === 'NONE' && p.decidedOn >= `${year}-01-16`);
  const preferred = open.filter((p) => MAJOR_PENALTY_AGENCIES[p.agency.suffix ?? ''] !== undefined);
  let majors = weightedSample(rng, preferred, (p) => MAJOR_PENALTY_AGENCIES[p.agency.suffix!], wanted);
  if (majors.length < wanted) majors = [...majors, ...rng.shuffle(open.filter((p) => !majors.includes(p))).slice(0, wanted - majors.length)];
  for (const p of majors) {
    p.major = true;
    p.row[FINE] = Math.min(1_000_000, Math.max(MAJOR_FINE_YUAN, Math.round(rng.logNormal(90_000, 0.6) / 1000) * 1000)) * 100;
  }

  rows.sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
  // Document numbers run per agency and kind of document, in the order of the decisions.
  const serials = new Map<string, number>();
  const out: PenaltyRef[] = [];
  for (const r of rows) {
    const word = documentWord(r.action, r.row[LENIENCY] === 'EXEMPTED', r.agency.suffix === POLICE_SUFFIX);
    const key = `${r.agency.id}|${word}`;
    const serial = (serials.get(key) ?? 0) + 1;
    serials.set(key, serial);
    const caseNumber = documentNumber(r.agency.issuer, word, year, serial);
    r.row[CASE_NUMBER] = caseNumber;
    const id = ids.take('enforcement_case');
    r.row[0] = id;
    emit('enforcement_case', r.row);
    if (r.action === 'PENALTY') out.push({ id, agencyId: r.agency.id, decidedOn: r.decidedOn, caseNumber, major: r.major });
  }
  return out;
}

function personName(rng: Random): string {
  return rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.next() < 0.6 ? rng.pick([...GIVEN]) : '');
}

const CANCEL_REASONS: [string, number][] = [['RETIREMENT', 0.42], ['TRANSFER', 0.36], ['FAILED_EXAM', 0.14], ['DISCIPLINARY', 0.08]];

/**
 * Holders of the provincial certificate (河南省行政执法证) as at the end of the last year, and the
 * certificates cancelled in each year; `cancelledPerYear` maps year -> count. Vertically managed
 * agencies (profile `ownCertificate`) have none: their staff hold their own system's certificates.
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
    for (let k = 0; k < n; k++) write(depts[i].agency, 'ACTIVE', workingDay(rng, rng.int(lastYear - 11, lastYear)), null, null);
  });
  scatter(rng, active.townships, refs.governments.length, 0.3).forEach((n, i) => {
    for (let k = 0; k < n; k++) write(refs.governments[i], 'ACTIVE', workingDay(rng, rng.int(Math.max(2019, lastYear - 4), lastYear)), null, null);
  });
  const everyone = [...depts.map((d) => ({ agency: d.agency, weight: d.weight })), ...refs.governments.map((g) => ({ agency: g, weight: 6 }))];
  for (const [yearText, count] of Object.entries(cancelledPerYear)) {
    const year = Number(yearText);
    const reasons = allocate(count, CANCEL_REASONS.map(([, w]) => w));
    reasons.forEach((n, r) => {
      for (let k = 0; k < n; k++) {
        const agency = everyone[rng.weighted(everyone.map((e) => e.weight))].agency;
        write(agency, 'CANCELLED', workingDay(rng, rng.int(year - 15, year - 1)), workingDay(rng, year), CANCEL_REASONS[r][0]);
      }
    });
  }
}

const REVIEW_AGENCIES: Record<string, string[]> = {
  GOVERNMENT_DOCUMENT: [],
  AGREEMENT: ['ZRZYJ', 'ZJJ', 'CZJ', 'FGW', 'GXJ', 'JTJ'],
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
    if (kind === 'MAJOR_PENALTY') {
      // One review per major penalty, by its agency, one to five working days before the decision.
      for (const p of penalties.filter((x) => x.major)) {
        emit('legality_review', [ids.take('legality_review'), refs.countyId, SYNTHETIC, source, kind, workingDaysBefore(p.decidedOn, rng.int(1, 5)), p.agencyId, `[合成] ${REVIEW_TITLE[kind]}合法性审查 ${p.caseNumber}`]);
      }
      continue;
    }
    const pool = REVIEW_AGENCIES[kind] ?? [];
    for (let k = 1; k <= count; k++) {
      const agencyId = pool.length ? dept(rng.pick(pool)).id : null;
      emit('legality_review', [ids.take('legality_review'), refs.countyId, SYNTHETIC, source, kind, workingDay(rng, year), agencyId, `[合成] ${REVIEW_TITLE[kind]}合法性审查 ${year}-${pad(k, 3)}`]);
    }
  }

  // Case-file review rounds: one routine round a month (月抽取), the centralised one in November.
  const rounds: { id: number; kind: string; heldOn: string }[] = [];
  for (let m = 1; m <= t.caseFileReviews.ROUTINE; m++) rounds.push({ id: 0, kind: 'ROUTINE', heldOn: workingDayWithin(rng, year, Math.min(12, m), 20, 28) });
  for (let k = 0; k < t.caseFileReviews.CENTRALIZED; k++) rounds.push({ id: 0, kind: 'CENTRALIZED', heldOn: workingDayWithin(rng, year, 11, 10, 20) });
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
    emit('supervision_inspection', [ids.take('supervision_inspection'), refs.countyId, SYNTHETIC, source, dept(suffix).id, workingDay(rng, year, 6, 11), '[合成] 行政执法突出问题专项监督检查']);
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
      emit('training', [ids.take('training'), refs.countyId, SYNTHETIC, source, kind, workingDay(rng, year), organizer, participants, `[合成] ${kind} ${year}-${pad(k + 1)}`]);
    }
  }

  for (const tf of refs.taskForces) {
    const count = t.taskForceMeetings[tf.code] ?? 0;
    for (let k = 1; k <= count; k++) {
      emit('task_force_meeting', [ids.take('task_force_meeting'), refs.countyId, SYNTHETIC, source, tf.id, workingDay(rng, year), `[合成] ${TASK_FORCES.find((p) => p.code === tf.code)?.name ?? tf.code}会议 ${k}`]);
    }
  }

  // Court cases: heard on working days; numbered by kind (行初, 民诉前调, 民初, 执) in the order they were filed.
  const defendants = ['ZRZYJ', 'ZRZYJ', 'ZJJ', 'GAJ', 'SCJGJ', 'RSJ', 'CGJ', 'STHJJ', 'JTJ'];
  const court: { kind: string; agencyId: number; heardOn: string; appeared: boolean | null; outcome: string | null }[] = [];
  const admin = t.litigation.administrative;
  const appeared = new Set(rng.shuffle(Array.from({ length: admin }, (_, i) => i)).slice(0, t.litigation.headAppearances));
  for (let k = 0; k < admin; k++) {
    const agency = rng.next() < 0.15 && refs.governments.length ? rng.pick(refs.governments) : dept(rng.pick(defendants));
    court.push({ kind: 'ADMINISTRATIVE', agencyId: agency.id, heardOn: workingDay(rng, year), appeared: appeared.has(k), outcome: null });
  }
  for (const [kind, outcomes] of [['CIVIL', t.litigation.civil], ['ENFORCEMENT', t.litigation.enforcement]] as const) {
    for (const [outcome, count] of Object.entries(outcomes)) {
      for (let k = 0; k < count; k++) {
        const agency = rng.next() < 0.3 && refs.governments.length ? rng.pick(refs.governments) : rng.pick(refs.departments);
        court.push({ kind, agencyId: agency.id, heardOn: workingDay(rng, year), appeared: null, outcome });
      }
    }
  }
  const lastSerial = new Map<CourtMark, number>();
  const yearStart = Date.UTC(year, 0, 1);
  for (const c of [...court].sort((a, b) => (a.heardOn < b.heardOn ? -1 : a.heardOn > b.heardOn ? 1 : 0))) {
    const mark = courtMark(c.kind, c.outcome);
    // Filed about a month before the hearing; the serial is where the court's running count stood then.
    const filedDay = Math.max(0, (Date.parse(c.heardOn) - yearStart) / 86_400_000 - rng.int(15, 45));
    const serial = Math.max((lastSerial.get(mark) ?? 0) + 1, Math.round((COURT_YEAR_VOLUME[mark] * filedDay) / 365) + 1);
    lastSerial.set(mark, serial);
    emit('litigation_case', [ids.take('litigation_case'), refs.countyId, SYNTHETIC, source, courtNumber(refs.countyCode, year, mark, serial), c.kind, c.agencyId, c.heardOn, c.appeared, c.outcome]);
  }
}
