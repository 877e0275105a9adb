/**
 * The synthetic Yanjin 2023 records look like a county's (issue 13.6): acts on working days of the
 * official calendar, a low around 春节, provincial certificates only where the province issues them,
 * fines within the amount involved under leniency, major penalties matched by legality reviews,
 * document and court numbers shaped by kind; and the report's 50 figures still match.
 * Every check is plain SQL; the calendar is written out here from the State Council's notice
 * (国办发明电〔2022〕16号), not taken from the generator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isWorkingDay } from '../seeds/synthetic/work-calendar';
import { startTestApp, type TestApp } from './helpers/harness';

const yanjin = JSON.parse(readFileSync(path.join(__dirname, '../seeds/data/reports/410726_2023_yanjin.json'), 'utf8')) as {
  figures: { indicator: string; value: number; breakdown: Record<string, string> }[];
};
const figure = (code: string, breakdown: Record<string, string> = {}) =>
  yanjin.figures.find((f) => f.indicator === code && JSON.stringify(f.breakdown) === JSON.stringify(breakdown))!.value;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const C = `(SELECT id FROM county WHERE code = '410726')`;

// 2023 days off on weekdays and weekend days worked, from the notice: 元旦 12-31..01-02, 春节 01-21..27
// (work 01-28, 01-29), 清明 04-05, 劳动节 04-29..05-03 (work 04-23, 05-06), 端午 06-22..24 (work 06-25),
// 中秋国庆 09-29..10-06 (work 10-07, 10-08).
const HOLIDAYS = ['2023-01-01', '2023-01-02', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26', '2023-01-27',
  '2023-04-05', '2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03', '2023-06-22', '2023-06-23', '2023-06-24',
  '2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'];
const WORKED_WEEKENDS = ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'];
const list = (days: string[]) => days.map((d) => `'${d}'`).join(', ');
/** SQL: true when the date column is not a 2023 working day. */
const offDay = (col: string) => `(${col}::date IN (${list(HOLIDAYS)})
  OR (extract(isodow FROM ${col}) >= 6 AND ${col}::date NOT IN (${list(WORKED_WEEKENDS)})))`;

describe('the 2023 working-day calendar', () => {
  it('the data module agrees with the notice on every day of 2023', async () => {
    const days = await app.sql<{ d: string; off: boolean }>(`SELECT to_char(d, 'YYYY-MM-DD') AS d, ${offDay('d')} AS off
      FROM generate_series('2023-01-01'::date, '2023-12-31', '1 day') AS d`);
    expect(days).toHaveLength(365);
    expect(days.filter((r) => isWorkingDay(r.d) === r.off).map((r) => r.d)).toEqual([]);
    expect(days.filter((r) => !r.off)).toHaveLength(249); // 260 weekdays - 18 weekday holidays + 7 worked weekend days
    for (const d of ['2023-01-22', '2023-01-02', '2023-04-05', '2023-05-02', '2023-06-23', '2023-09-29', '2023-10-02', '2023-10-06', '2023-07-01']) expect(isWorkingDay(d)).toBe(false);
    for (const d of ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08', '2023-01-03', '2023-07-03']) expect(isWorkingDay(d)).toBe(true);
  });
});

describe('acts of government bodies and courts fall on working days', () => {
  it('enforcement decisions: under 2% on non-working days for every action, and those few are police decisions on duty', async () => {
    const rows = await app.sql<{ action_type: string; n: string; off: string }>(`SELECT action_type, count(*) AS n,
        count(*) FILTER (WHERE ${offDay('decided_on')}) AS off
      FROM enforcement_case WHERE county_id = ${C} GROUP BY action_type ORDER BY action_type`);
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(Number(r.off) / Number(r.n)).toBeLessThanOrEqual(0.02);
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const off = rows.reduce((s, r) => s + Number(r.off), 0);
    expect(off / total).toBeLessThanOrEqual(0.02);
    expect(off).toBeGreaterThan(0); // the deliberate exception exists

    const who = await app.sql<{ name: string; action_type: string }>(`SELECT DISTINCT a.name, c.action_type FROM enforcement_case c
      JOIN agency a ON a.id = c.agency_id WHERE c.county_id = ${C} AND ${offDay('c.decided_on')} ORDER BY 2`);
    expect(who).toEqual([{ name: '延津县公安局', action_type: 'MEDIATION' }, { name: '延津县公安局', action_type: 'PENALTY' }]);
    // Nothing on 正月初一 but the police.
    const [chuyi] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case c JOIN agency a ON a.id = c.agency_id
      WHERE c.county_id = ${C} AND c.decided_on = '2023-01-22' AND a.name <> '延津县公安局'`);
    expect(Number(chuyi.n)).toBe(0);
  });

  it.each([
    ['court hearings', 'litigation_case', 'heard_on'],
    ['legality reviews', 'legality_review', 'reviewed_on'],
    ['case-file review rounds', 'case_file_review', 'held_on'],
    ['supervision inspections', 'supervision_inspection', 'inspected_on'],
    ['trainings', 'training', 'held_on'],
    ['task force meetings', 'task_force_meeting', 'held_on'],
    ['certificates issued in 2023', 'enforcement_officer', 'issued_on'],
    ['certificates cancelled in 2023', 'enforcement_officer', 'cancelled_on'],
  ])('%s: none on a non-working day', async (_label, table, col) => {
    const [r] = await app.sql<{ n: string; off: string }>(`SELECT count(*) AS n, count(*) FILTER (WHERE ${offDay(col)}) AS off
      FROM ${table} WHERE county_id = ${C} AND ${col} BETWEEN '2023-01-01' AND '2023-12-31'`);
    expect(Number(r.n)).toBeGreaterThan(0);
    expect(Number(r.off)).toBe(0);
  });
});

describe('a seasonal low around 春节 (22 January 2023)', () => {
  it('January is the quietest month, for penalties and for all decisions', async () => {
    for (const action of ['PENALTY', null]) {
      const rows = await app.sql<{ m: number; n: string }>(`SELECT extract(month FROM decided_on)::int AS m, count(*) AS n FROM enforcement_case
        WHERE county_id = ${C} AND ($1::text IS NULL OR action_type = $1) GROUP BY 1 ORDER BY 2 ASC, 1`, [action]);
      expect(rows).toHaveLength(12);
      expect(rows[0].m).toBe(1);
    }
  });

  it('the three weeks around the festival see well under the usual daily volume', async () => {
    const [r] = await app.sql<{ festival: string; rest: string }>(`SELECT
        count(*) FILTER (WHERE decided_on BETWEEN '2023-01-16' AND '2023-02-05') / 21.0 AS festival,
        count(*) FILTER (WHERE decided_on BETWEEN '2023-03-01' AND '2023-12-31') / 306.0 AS rest
      FROM enforcement_case WHERE county_id = ${C}`);
    expect(Number(r.festival) / Number(r.rest)).toBeLessThan(0.6);
  });
});

describe('certificates', () => {
  // Vertically managed (垂直管理): tax, tobacco monopoly, fire and rescue; their staff hold their own system's certificates.
  const VERTICAL = `(a.name LIKE '国家税务总局%' OR a.name LIKE '%烟草专卖局' OR a.name LIKE '%消防救援%')`;

  it('the provincial certificate totals hold no vertically managed agency, and still equal the report', async () => {
    const [r] = await app.sql<{ vertical_agencies: string; vertical_holders: string; departments: string; townships: string }>(`SELECT
        (SELECT count(*) FROM agency a WHERE a.county_id = ${C} AND ${VERTICAL}) AS vertical_agencies,
        count(*) FILTER (WHERE ${VERTICAL}) AS vertical_holders,
        count(*) FILTER (WHERE a.level = 'COUNTY_DEPARTMENT') AS departments,
        count(*) FILTER (WHERE a.level = 'TOWNSHIP') AS townships
      FROM enforcement_officer o JOIN agency a ON a.id = o.agency_id
      WHERE o.county_id = ${C} AND o.issued_on <= '2023-12-31' AND (o.cancelled_on IS NULL OR o.cancelled_on > '2023-12-31')`);
    expect(Number(r.vertical_agencies)).toBe(3);
    expect(Number(r.vertical_holders)).toBe(0);
    expect(Number(r.departments)).toBe(figure('CERT_HOLDERS', { agencyLevel: 'COUNTY_DEPARTMENT' }));
    expect(Number(r.townships)).toBe(figure('CERT_HOLDERS', { agencyLevel: 'TOWNSHIP' }));
    // Nor were any of their certificates among the 42 《河南省行政执法证》 cancelled.
    const [c] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_officer o JOIN agency a ON a.id = o.agency_id
      WHERE o.county_id = ${C} AND ${VERTICAL}`);
    expect(Number(c.n)).toBe(0);
  });

  it('vertically managed agencies still enforce (with their own certificates)', async () => {
    const rows = await app.sql<{ name: string }>(`SELECT DISTINCT a.name FROM enforcement_case c JOIN agency a ON a.id = c.agency_id
      WHERE c.county_id = ${C} AND c.action_type = 'PENALTY' AND ${VERTICAL}`);
    expect(rows).toHaveLength(3);
  });
});

describe('fines', () => {
  it('under leniency never exceed the amount involved; exempted cases are not fined', async () => {
    const rows = await app.sql<{ leniency: string; n: string; above: string; fined: string }>(`SELECT leniency, count(*) AS n,
        count(*) FILTER (WHERE fine_amount_fen > leniency_amount_fen) AS above, count(*) FILTER (WHERE fine_amount_fen > 0) AS fined
      FROM enforcement_case WHERE county_id = ${C} AND leniency <> 'NONE' GROUP BY leniency ORDER BY leniency`);
    expect(rows.map((r) => [r.leniency, Number(r.n), Number(r.above)])).toEqual([
      ['EXEMPTED', figure('LENIENCY_EXEMPTED_CASES'), 0],
      ['LIGHTER', figure('LENIENCY_LIGHTER_CASES'), 0],
      ['MITIGATED', figure('LENIENCY_MITIGATED_CASES'), 0],
    ]);
    expect(Number(rows[0].fined)).toBe(0);
  });

  it('major penalties (fine of 5万元 or more) are exactly the cases with a major-penalty legality review before the decision', async () => {
    const majors = await app.sql<{ id: number; agency_id: number; decided_on: string; case_number: string }>(`SELECT id, agency_id,
        to_char(decided_on, 'YYYY-MM-DD') AS decided_on, case_number
      FROM enforcement_case WHERE county_id = ${C} AND action_type = 'PENALTY' AND fine_amount_fen >= 5000000`);
    const reviews = await app.sql<{ id: number }>(`SELECT id FROM legality_review WHERE county_id = ${C} AND kind = 'MAJOR_PENALTY'`);
    expect(majors).toHaveLength(figure('LEGAL_REVIEWS', { kind: 'MAJOR_PENALTY' })); // 53, 重大行政处罚53份
    expect(reviews).toHaveLength(majors.length);
    // One to one: each review names its case, is by the deciding agency, and comes before the decision.
    const [pairs] = await app.sql<{ matched_cases: string; matched_reviews: string; late: string }>(`SELECT
        count(DISTINCT c.id) AS matched_cases, count(DISTINCT r.id) AS matched_reviews,
        count(*) FILTER (WHERE r.reviewed_on > c.decided_on OR r.agency_id IS DISTINCT FROM c.agency_id) AS late
      FROM enforcement_case c JOIN legality_review r ON r.county_id = c.county_id AND r.kind = 'MAJOR_PENALTY' AND r.title LIKE '%' || c.case_number
      WHERE c.county_id = ${C} AND c.action_type = 'PENALTY' AND c.fine_amount_fen >= 5000000`);
    expect(pairs).toEqual({ matched_cases: String(majors.length), matched_reviews: String(majors.length), late: '0' });
  });
});

describe('document and court numbers by kind', () => {
  const SERIAL = '〔2023〕[1-9][0-9]*号$';
  it.each([
    ['PENALTY', `leniency <> 'EXEMPTED'`, `^延.+罚决字${SERIAL}`],
    ['PENALTY', `leniency = 'EXEMPTED'`, `^延.+不罚字${SERIAL}`],
    ['INSPECTION', 'true', `^延.+检字${SERIAL}`],
    ['LICENSE', 'true', `^延.+许字${SERIAL}`],
    ['GUIDANCE', 'true', `^延.+指字${SERIAL}`],
    ['MEDIATION', 'true', `^延.+调字${SERIAL}`],
    ['COERCIVE_MEASURE', 'true', `^延.+强制字${SERIAL}`],
  ])('%s where %s: %s', async (action, where, pattern) => {
    const [r] = await app.sql<{ n: string; bad: string }>(`SELECT count(*) AS n, count(*) FILTER (WHERE case_number !~ $2) AS bad
      FROM enforcement_case WHERE county_id = ${C} AND action_type = $1 AND ${where}`, [action, pattern]);
    expect(Number(r.n)).toBeGreaterThan(0);
    expect(Number(r.bad)).toBe(0);
  });

  it('an agency numbers each kind of document 1, 2, 3... in the order of its decisions; township governments by township name', async () => {
    const [r] = await app.sql<{ groups: string; gaps: string; disorder: string }>(`WITH n AS (
        SELECT agency_id, substring(case_number FROM '^(.*)〔') AS series, decided_on,
               substring(case_number FROM '〔2023〕([0-9]+)号$')::int AS serial
        FROM enforcement_case WHERE county_id = ${C})
      SELECT count(*) AS groups, count(*) FILTER (WHERE max <> cnt OR distinct_serials <> cnt) AS gaps, sum(disorder) AS disorder FROM (
        SELECT agency_id, series, max(serial) AS max, count(*) AS cnt, count(DISTINCT serial) AS distinct_serials,
               count(*) FILTER (WHERE prev_date > decided_on) AS disorder
        FROM (SELECT *, lag(decided_on) OVER (PARTITION BY agency_id, series ORDER BY serial) AS prev_date FROM n) x
        GROUP BY agency_id, series) g`);
    expect(Number(r.groups)).toBeGreaterThan(50);
    expect(Number(r.gaps)).toBe(0);
    expect(Number(r.disorder)).toBe(0);
    const [t] = await app.sql<{ n: string; bad: string }>(`SELECT count(*) AS n,
        count(*) FILTER (WHERE NOT starts_with(c.case_number, '延' || regexp_replace(t.name, '(街道|镇|乡)$', ''))) AS bad
      FROM enforcement_case c JOIN agency a ON a.id = c.agency_id JOIN township t ON t.id = a.township_id
      WHERE c.county_id = ${C} AND a.level = 'TOWNSHIP'`);
    expect(Number(t.n)).toBeGreaterThan(0);
    expect(Number(t.bad)).toBe(0);
  });

  it.each([
    ['ADMINISTRATIVE', null, '行初'],
    ['CIVIL', 'MEDIATED', '民诉前调'],
    ['CIVIL', 'IN_MEDIATION', '民诉前调'],
    ['CIVIL', 'TRANSFERRED_TO_FILING', '民初'],
    ['ENFORCEMENT', 'SETTLED_OR_TERMINATED', '执'],
    ['ENFORCEMENT', 'IN_MEDIATION', '执'],
  ])('court cases %s %s: （2023）豫0726%sN号', async (kind, outcome, mark) => {
    const [r] = await app.sql<{ n: string; bad: string }>(`SELECT count(*) AS n, count(*) FILTER (WHERE case_number !~ $3) AS bad
      FROM litigation_case WHERE county_id = ${C} AND kind = $1 AND outcome IS NOT DISTINCT FROM $2`,
    [kind, outcome, `^（2023）豫0726${mark}[1-9][0-9]*号$`]);
    expect(Number(r.n)).toBe(figure('LIT_CASES', outcome ? { kind, outcome } : { kind }));
    expect(Number(r.bad)).toBe(0);
  });
});

describe('and the report still reconciles', () => {
  it('reconciliation(county: "410726", year: 2023): 50 of 50 MATCH', async () => {
    const res = await app.gql(`{ reconciliation(county: "410726", year: 2023) { indicator { code } breakdown status } }`);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.reconciliation as { status: string }[];
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.status !== 'MATCH')).toEqual([]);
  });
});
