/**
 * The synthetic Yanjin 2023 records, counted with plain SQL, equal every figure the report
 * publishes. The SQL here is written by hand per indicator, independent of the engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/harness';

const yanjin = JSON.parse(readFileSync(path.join(__dirname, '../seeds/data/reports/410726_2023_yanjin.json'), 'utf8')) as {
  figures: { indicator: string; value: number; qualifier: string; breakdown: Record<string, string> }[];
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const C = `(SELECT id FROM county WHERE code = '410726')`;
const IN_2023 = (col: string) => `${col} BETWEEN '2023-01-01' AND '2023-12-31'`;

/** Plain SQL for each indicator; breakdown values are passed as $1, $2. */
function sqlFor(code: string, b: Record<string, string>): [string, unknown[]] {
  const training = (kind: string, what = 'count(*)') => [`SELECT ${what} AS v FROM training WHERE county_id = ${C} AND kind = $1 AND ${IN_2023('held_on')}`, [kind]] as [string, unknown[]];
  const action = (type: string) => [`SELECT count(*) AS v FROM enforcement_case WHERE county_id = ${C} AND action_type = $1 AND ${IN_2023('decided_on')}`, [type]] as [string, unknown[]];
  const leniency = (kind: string, what: string) => [`SELECT ${what} AS v FROM enforcement_case WHERE county_id = ${C} AND leniency = $1 AND ${IN_2023('decided_on')}`, [kind]] as [string, unknown[]];
  switch (code) {
    case 'TRAIN_LEADER_SESSIONS': return training('LEADERSHIP_SPECIAL');
    case 'TRAIN_GOV_STUDY_SESSIONS': return training('GOVERNMENT_STUDY');
    case 'TRAIN_OFFICER_GENERAL_SESSIONS': return training('OFFICER_GENERAL');
    case 'TRAIN_OFFICER_GENERAL_PARTICIPANTS': return training('OFFICER_GENERAL', 'sum(participants)');
    case 'TRAIN_OFFICER_PROFESSIONAL_SESSIONS': return training('OFFICER_PROFESSIONAL');
    case 'TRAIN_OUTREACH_EVENTS': return training('OUTREACH');
    case 'TRAIN_TOWNSHIP_CENTRALIZED': return training('TOWNSHIP_CENTRALIZED');
    case 'TRAIN_TOWNSHIP_ON_SITE': return training('TOWNSHIP_ON_SITE');
    case 'LEGAL_REVIEWS': return [`SELECT count(*) AS v FROM legality_review WHERE county_id = ${C} AND kind = $1 AND ${IN_2023('reviewed_on')}`, [b.kind]];
    case 'CERT_CANCELLED': return [`SELECT count(*) AS v FROM enforcement_officer WHERE county_id = ${C} AND status = 'CANCELLED' AND ${IN_2023('cancelled_on')}`, []];
    case 'CERT_HOLDERS': return [`SELECT count(*) AS v FROM enforcement_officer o JOIN agency a ON a.id = o.agency_id
        WHERE o.county_id = ${C} AND o.issued_on <= '2023-12-31' AND (o.cancelled_on IS NULL OR o.cancelled_on > '2023-12-31')
          AND ($1::text IS NULL OR a.level = $1)`, [b.agencyLevel ?? null]];
    case 'CASEFILE_REVIEW_ROUNDS': return [`SELECT count(*) AS v FROM case_file_review WHERE county_id = ${C} AND kind = $1 AND ${IN_2023('held_on')}`, [b.kind]];
    case 'CASEFILE_FILES_SAMPLED': return [`SELECT count(*) AS v FROM case_file_review_item i JOIN case_file_review r ON r.id = i.review_id WHERE r.county_id = ${C} AND ${IN_2023('r.held_on')}`, []];
    case 'CASEFILE_PROBLEMS_FOUND': return [`SELECT sum(i.problems_found) AS v FROM case_file_review_item i JOIN case_file_review r ON r.id = i.review_id WHERE r.county_id = ${C} AND ${IN_2023('r.held_on')}`, []];
    case 'SUPV_SPECIAL_INSPECTION_UNITS': return [`SELECT count(DISTINCT agency_id) AS v FROM supervision_inspection WHERE county_id = ${C} AND ${IN_2023('inspected_on')}`, []];
    case 'ENF_PENALTY_TOTAL': return action('PENALTY');
    case 'ENF_INSPECTION_TOTAL': return action('INSPECTION');
    case 'ENF_LICENSE_TOTAL': return action('LICENSE');
    case 'ENF_GUIDANCE_TOTAL': return action('GUIDANCE');
    case 'ENF_MEDIATION_TOTAL': return action('MEDIATION');
    case 'ENF_COERCIVE_TOTAL': return [`SELECT count(*) AS v FROM enforcement_case WHERE county_id = ${C} AND action_type IN ('COERCIVE_MEASURE', 'COERCIVE_EXECUTION') AND ${IN_2023('decided_on')}`, []];
    case 'LENIENCY_EXEMPTED_CASES': return leniency('EXEMPTED', 'count(*)');
    case 'LENIENCY_MITIGATED_CASES': return leniency('MITIGATED', 'count(*)');
    case 'LENIENCY_LIGHTER_CASES': return leniency('LIGHTER', 'count(*)');
    // fen -> 万元: divide by 100 (yuan) and 10000 (万), exactly, in numeric
    case 'LENIENCY_EXEMPTED_AMOUNT': return leniency('EXEMPTED', 'sum(leniency_amount_fen)::numeric / 1000000');
    case 'LENIENCY_MITIGATED_AMOUNT': return leniency('MITIGATED', 'sum(leniency_amount_fen)::numeric / 1000000');
    case 'LENIENCY_LIGHTER_AMOUNT': return leniency('LIGHTER', 'sum(leniency_amount_fen)::numeric / 1000000');
    case 'TF_MEETINGS':
    case 'COORD_MEETINGS': return [`SELECT count(*) AS v FROM task_force_meeting m JOIN task_force t ON t.id = m.task_force_id WHERE m.county_id = ${C} AND t.code = $1 AND ${IN_2023('m.held_on')}`, [b.taskForceCode]];
    case 'LIT_CASES': return [`SELECT count(*) AS v FROM litigation_case WHERE county_id = ${C} AND kind = $1 AND ($2::text IS NULL OR outcome = $2) AND ${IN_2023('heard_on')}`, [b.kind, b.outcome ?? null]];
    case 'LIT_HEAD_APPEARANCES': return [`SELECT count(*) AS v FROM litigation_case WHERE county_id = ${C} AND kind = 'ADMINISTRATIVE' AND head_appeared AND ${IN_2023('heard_on')}`, []];
    case 'LIT_HEAD_APPEARANCE_RATE': return [`SELECT round(100.0 * count(*) FILTER (WHERE head_appeared) / count(*)) AS v FROM litigation_case WHERE county_id = ${C} AND kind = 'ADMINISTRATIVE' AND ${IN_2023('heard_on')}`, []];
    default: throw new Error(`no SQL for ${code}`);
  }
}

describe('synthetic Yanjin 2023 records reconcile with the report', () => {
  it.each(yanjin.figures.map((f) => [`${f.indicator} ${JSON.stringify(f.breakdown)}`, f]))('%s', async (_label, f) => {
    const [text, values] = sqlFor(f.indicator, f.breakdown);
    const [row] = await app.sql<{ v: string }>(text, values);
    const computed = Number(row.v);
    if (f.qualifier === 'AT_LEAST') {
      expect(computed).toBeGreaterThanOrEqual(f.value);
      expect(computed).toBeLessThan(f.value * 1.1); // "1000余" is not 2000
    } else {
      expect(computed).toBe(f.value);
    }
  });

  it('are all marked synthetic, with a source saying so', async () => {
    for (const table of ['enforcement_case', 'enforcement_officer', 'legality_review', 'case_file_review', 'case_file_review_item', 'supervision_inspection', 'training', 'task_force_meeting', 'litigation_case']) {
      const rows = await app.sql<{ provenance: string; source: string; n: string }>(`SELECT provenance, source, count(*) AS n FROM ${table} WHERE county_id = ${C} GROUP BY 1, 2`);
      expect(rows).toHaveLength(1);
      expect(rows[0].provenance).toBe('SYNTHETIC');
      expect(rows[0].source).toMatch(/^合成数据 \(synthetic\)/);
    }
  });
});

describe('synthetic Yanjin 2023 records look like a county', () => {
  it('licences come mostly from market regulation', async () => {
    const rows = await app.sql<{ code: string; n: string }>(`SELECT a.code, count(*) AS n FROM enforcement_case c JOIN agency a ON a.id = c.agency_id
      WHERE c.county_id = ${C} AND c.action_type = 'LICENSE' GROUP BY a.code ORDER BY count(*) DESC`);
    expect(rows[0].code).toBe('410726-SCJGJ');
    expect(Number(rows[0].n) / 16430).toBeGreaterThan(0.4);
  });

  it('penalties are spread over many departments and every township government', async () => {
    const [r] = await app.sql<{ agencies: string; governments: string }>(`SELECT count(DISTINCT c.agency_id) AS agencies,
      count(DISTINCT c.agency_id) FILTER (WHERE a.level = 'TOWNSHIP') AS governments
      FROM enforcement_case c JOIN agency a ON a.id = c.agency_id WHERE c.county_id = ${C} AND c.action_type = 'PENALTY'`);
    expect(Number(r.agencies)).toBeGreaterThanOrEqual(25);
    expect(Number(r.governments)).toBe(13);
  });

  it('varies by month: January (春节 fell on 22 January 2023) is the quietest month for penalties', async () => {
    const rows = await app.sql<{ m: number; n: string }>(`SELECT extract(month FROM decided_on)::int AS m, count(*) AS n FROM enforcement_case
      WHERE county_id = ${C} AND action_type = 'PENALTY' GROUP BY 1 ORDER BY 2 ASC`);
    expect(rows).toHaveLength(12);
    expect(rows[0].m).toBe(1);
  });

  it('fines are exact fen amounts, zero for exempted cases', async () => {
    const [r] = await app.sql<{ exempted_with_fine: string; fined: string; odd: string }>(`SELECT
      count(*) FILTER (WHERE leniency = 'EXEMPTED' AND fine_amount_fen > 0) AS exempted_with_fine,
      count(*) FILTER (WHERE fine_amount_fen > 0) AS fined,
      count(*) FILTER (WHERE fine_amount_fen % 100 <> 0) AS odd
      FROM enforcement_case WHERE county_id = ${C} AND action_type = 'PENALTY'`);
    expect(Number(r.exempted_with_fine)).toBe(0);
    expect(Number(r.fined)).toBeGreaterThan(700);
    expect(Number(r.odd)).toBe(0);
  });

  it('certificate numbers are unique and cannot be derived from county, issue year and order (issue 12.8)', async () => {
    const rows = await app.sql<{ certificate_number: string; year: string }>(`SELECT certificate_number, to_char(issued_on, 'YY') AS year FROM enforcement_officer
      WHERE county_id = (SELECT id FROM county WHERE code = '410726') ORDER BY id`);
    expect(new Set(rows.map((r) => r.certificate_number)).size).toBe(rows.length);
    // Shaped like real numbers: county code, year of issue, then digits.
    expect(rows.every((r) => r.certificate_number.startsWith(`410726${r.year}`))).toBe(true);
    // The trailing digits do not count up: a running sequence would make nearly every step +1.
    const serials = rows.map((r) => Number(r.certificate_number.slice(8)));
    const steps = serials.slice(1).filter((n, i) => n === serials[i] + 1).length;
    expect(steps).toBeLessThan(rows.length * 0.01);
    // And they are not the order within the year either.
    const inYear = new Map<string, number[]>();
    rows.forEach((r, i) => inYear.set(r.year, [...(inYear.get(r.year) ?? []), serials[i]]));
    const sorted = [...inYear.values()].filter((s) => s.length > 10).every((s) => s.some((n, i) => i > 0 && n < s[i - 1]));
    expect(sorted).toBe(true);
  });
});
