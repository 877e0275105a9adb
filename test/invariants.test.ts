/**
 * Invariants in the database (CHECK constraints, Migration20261129083000) and their mirror in the
 * import validation: PostgreSQL refuses a violating INSERT/UPDATE naming the constraint, and the
 * CSV or report import refuses the same row up front naming the row and column, writing nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableChecksums } from './helpers/checksums';
import { importCli } from './helpers/cli';
import { createDatabase, dropDatabase, serverUrl, startTestApp, type TestApp } from './helpers/harness';
import { CLI } from '../src/modules/auth/viewer';
import { Db } from '../src/db/db';
import { sql } from '../src/db/sql';
import { initORM, migrate } from '../src/db/orm';
import { migrationsList } from '../src/migrations';
import { runSeeds } from '../seeds/seed';
import { seedProvince } from '../seeds/province';

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  app = await startTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-invariants-'));
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

const first = (table: string, where = 'true') => `id = (SELECT min(id) FROM ${table} WHERE ${where})`;

/** Each constraint with statements that break it, written from the rule, not from the code. */
const VIOLATIONS: { constraint: string; statements: string[] }[] = [
  {
    constraint: 'enforcement_officer_cancelled_has_date',
    statements: [
      // The bug of issue 11: CANCELLED officers without a cancellation date were accepted.
      `INSERT INTO enforcement_officer (county_id, provenance, source, agency_id, name, certificate_number, status, issued_on, cancelled_on, cancellation_reason)
         SELECT county_id, provenance, source, agency_id, name, certificate_number || '-X', 'CANCELLED', issued_on, NULL, 'RETIREMENT'
         FROM enforcement_officer WHERE status = 'ACTIVE' ORDER BY id LIMIT 2`,
      `UPDATE enforcement_officer SET cancelled_on = NULL WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`,
      `UPDATE enforcement_officer SET cancellation_reason = NULL WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`,
    ],
  },
  {
    constraint: 'enforcement_officer_active_not_cancelled',
    statements: [
      `UPDATE enforcement_officer SET cancelled_on = issued_on + 1 WHERE ${first('enforcement_officer', "status = 'ACTIVE'")}`,
      `UPDATE enforcement_officer SET cancellation_reason = 'OTHER' WHERE ${first('enforcement_officer', "status = 'ACTIVE'")}`,
      `UPDATE enforcement_officer SET status = 'ACTIVE' WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`,
    ],
  },
  {
    constraint: 'enforcement_officer_cancelled_after_issued',
    statements: [`UPDATE enforcement_officer SET cancelled_on = issued_on - 1 WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`],
  },
  {
    constraint: 'enforcement_officer_issued_on_plausible',
    statements: [`UPDATE enforcement_officer SET issued_on = '0001-01-01' WHERE ${first('enforcement_officer', "status = 'ACTIVE'")}`],
  },
  {
    constraint: 'enforcement_officer_cancelled_on_plausible',
    statements: [`UPDATE enforcement_officer SET cancelled_on = '9999-12-31' WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`],
  },
  {
    constraint: 'enforcement_case_decided_on_plausible',
    statements: [
      `UPDATE enforcement_case SET decided_on = '9999-12-31' WHERE ${first('enforcement_case')}`,
      `UPDATE enforcement_case SET decided_on = '1949-09-30' WHERE ${first('enforcement_case')}`,
    ],
  },
  {
    constraint: 'enforcement_case_fine_amount_non_negative',
    statements: [`UPDATE enforcement_case SET fine_amount_fen = -100 WHERE ${first('enforcement_case')}`],
  },
  {
    constraint: 'enforcement_case_leniency_amount_non_negative',
    statements: [`UPDATE enforcement_case SET leniency_amount_fen = -1 WHERE ${first('enforcement_case', "leniency <> 'NONE'")}`],
  },
  {
    constraint: 'enforcement_case_leniency_amount_when_lenient',
    statements: [
      `UPDATE enforcement_case SET leniency_amount_fen = NULL WHERE ${first('enforcement_case', "leniency = 'MITIGATED'")}`,
      `UPDATE enforcement_case SET leniency_amount_fen = 100 WHERE ${first('enforcement_case', "leniency = 'NONE'")}`,
      `UPDATE enforcement_case SET leniency = 'LIGHTER' WHERE ${first('enforcement_case', "leniency = 'NONE'")}`,
    ],
  },
  { constraint: 'legality_review_reviewed_on_plausible', statements: [`UPDATE legality_review SET reviewed_on = '0001-01-01' WHERE ${first('legality_review')}`] },
  { constraint: 'case_file_review_held_on_plausible', statements: [`UPDATE case_file_review SET held_on = '1949-09-30' WHERE ${first('case_file_review')}`] },
  { constraint: 'case_file_review_item_problems_found_non_negative', statements: [`UPDATE case_file_review_item SET problems_found = -1 WHERE ${first('case_file_review_item')}`] },
  { constraint: 'supervision_inspection_inspected_on_plausible', statements: [`UPDATE supervision_inspection SET inspected_on = '2101-01-01' WHERE ${first('supervision_inspection')}`] },
  { constraint: 'training_held_on_plausible', statements: [`UPDATE training SET held_on = '0001-01-01' WHERE ${first('training')}`] },
  { constraint: 'training_participants_non_negative', statements: [`UPDATE training SET participants = -3 WHERE ${first('training', 'participants IS NOT NULL')}`] },
  { constraint: 'task_force_meeting_held_on_plausible', statements: [`UPDATE task_force_meeting SET held_on = '9999-12-31' WHERE ${first('task_force_meeting')}`] },
  { constraint: 'litigation_case_heard_on_plausible', statements: [`UPDATE litigation_case SET heard_on = '0001-01-01' WHERE ${first('litigation_case')}`] },
  { constraint: 'report_year_plausible', statements: [`UPDATE report SET year = 1900 WHERE ${first('report')}`] },
  { constraint: 'report_published_on_plausible', statements: [`UPDATE report SET published_on = '9999-12-31' WHERE ${first('report')}`] },
  {
    constraint: 'report_published_after_year_began',
    statements: [`UPDATE report SET published_on = make_date(year - 1, 12, 31) WHERE ${first('report')}`],
  },
  { constraint: 'figure_value_non_negative', statements: [`UPDATE figure SET value = -1 WHERE ${first('figure')}`] },
  { constraint: 'county_population_non_negative', statements: [`UPDATE county SET population = -1 WHERE ${first('county')}`] },
];

describe('CHECK constraints in PostgreSQL', () => {
  it('the migration adds them to a database seeded before it: existing Yanjin and synthetic-province data pass', async () => {
    const name = await createDatabase({ empty: true });
    const orm = await initORM({ url: serverUrl(name) });
    try {
      const mine = migrationsList.findIndex((m) => m.name === 'Migration20261129083000');
      // Seeded by today's code (which needs today's schema), then taken back to before the constraints:
      // reverting runs the later migrations' down() and then this one's, keeping the data.
      await migrate(orm);
      await runSeeds(orm);
      await new Db(orm).transaction((tx) => seedProvince(tx, { counties: 1, years: [2022, 2023], seed: 'invariants' }));
      await orm.getMigrator().down({ to: 'Migration20261129083000' });
      const [{ n: before }] = await new Db(orm).query<{ n: string }>(sql`SELECT count(*) AS n FROM pg_constraint WHERE contype = 'c' AND conname = ANY(${VIOLATIONS.map((v) => v.constraint)})`);
      expect(Number(before)).toBe(0);
      expect(await migrate(orm)).toEqual(migrationsList.slice(mine).map((m) => m.name));
      const names = VIOLATIONS.map((v) => v.constraint);
      const [{ n }] = await new Db(orm).query<{ n: string }>(sql`SELECT count(*) AS n FROM pg_constraint WHERE contype = 'c' AND convalidated AND conislocal AND conname = ANY(${names})`);
      expect(Number(n)).toBe(VIOLATIONS.length);
    } finally {
      await orm.close(true);
      await dropDatabase(name);
    }
  });

  it('exist, validated, on the tables they guard', async () => {
    const rows = await app.sql<{ conname: string; convalidated: boolean }>(
      `SELECT conname, convalidated FROM pg_constraint WHERE contype = 'c' AND conislocal AND conname = ANY($1) ORDER BY conname`, [VIOLATIONS.map((v) => v.constraint)]);
    expect(rows.map((r) => r.conname)).toEqual(VIOLATIONS.map((v) => v.constraint).sort());
    expect(rows.every((r) => r.convalidated)).toBe(true);
  });

  it.each(VIOLATIONS)('$constraint refuses a plain-SQL write that breaks it, and nothing changes', async ({ constraint, statements }) => {
    const before = await tableChecksums(app);
    for (const statement of statements) {
      // Each statement must touch a row: a WHERE that matches nothing would pass vacuously.
      const target = statement.match(/WHERE (id = \(SELECT min\(id\) FROM \w+ WHERE .*\))$/s);
      if (target) {
        const table = statement.match(/^UPDATE (\w+)/)![1];
        const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${target[1]}`);
        expect(Number(n)).toBe(1);
      }
      await expect(app.sql(statement)).rejects.toMatchObject({ code: '23514', constraint, message: expect.stringContaining(`violates check constraint "${constraint}"`) });
    }
    expect(await tableChecksums(app)).toEqual(before);
  });

  it('accepts the boundary values the rules allow', async () => {
    class Rollback extends Error {}
    const statements = [
      `UPDATE enforcement_officer SET cancelled_on = issued_on WHERE ${first('enforcement_officer', "status = 'CANCELLED'")}`,
      `UPDATE enforcement_officer SET issued_on = '1949-10-01' WHERE ${first('enforcement_officer', "status = 'ACTIVE'")}`,
      `UPDATE enforcement_case SET decided_on = '2100-12-31', fine_amount_fen = 0 WHERE ${first('enforcement_case')}`,
      `UPDATE enforcement_case SET leniency = 'EXEMPTED', leniency_amount_fen = 0 WHERE ${first('enforcement_case', "leniency = 'NONE'")}`,
      `UPDATE training SET participants = 0 WHERE ${first('training')}`,
      `UPDATE case_file_review_item SET problems_found = 0 WHERE ${first('case_file_review_item')}`,
      `UPDATE report SET published_on = make_date(year, 1, 1) WHERE ${first('report')}`,
      `UPDATE figure SET value = 0 WHERE ${first('figure')}`,
      `UPDATE county SET population = 0 WHERE ${first('county')}`,
    ];
    const updated: number[] = [];
    await expect(app.db.transaction(async (tx) => {
      for (const s of statements) updated.push((await tx.client.query(s)).rowCount ?? 0);
      throw new Rollback();
    })).rejects.toBeInstanceOf(Rollback);
    expect(updated).toEqual(statements.map(() => 1));
  });

  it('certificate holders agree with the status breakdown (the CANCELLED-without-date bug cannot recur)', async () => {
    const res = await app.gql(`{
      holders: enforcementOfficerStats(filter: { countyCode: { eq: "410726" }, activeOn: "2023-12-31" }) { nodes { count } }
      byStatus: enforcementOfficerStats(filter: { countyCode: { eq: "410726" } }, groupBy: [STATUS]) { nodes { status count } } }`);
    expect(res.errors).toBeUndefined();
    const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_officer o JOIN county c ON c.id = o.county_id
      WHERE c.code = '410726' AND o.status = 'ACTIVE' AND o.issued_on <= '2023-12-31'`);
    expect(res.data!.holders.nodes[0].count).toBe(Number(n));
    const active = res.data!.byStatus.nodes.find((r: any) => r.status === 'ACTIVE');
    expect(active.count).toBe(Number(n));
  });
});

const OFFICERS = 'county_code,certificate_number,agency_code,name,status,issued_on,cancelled_on,cancellation_reason,source';
const CASES = 'county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source';
const LITIGATION = 'county_code,case_number,kind,defendant_agency_code,heard_on,head_appeared,outcome,source';

async function importCsv(kind: 'OFFICERS' | 'CASES' | 'LITIGATION', lines: string[]) {
  return app.gql(`mutation ($kind: RecordFileKind!, $csv: String!) { importRecords(kind: $kind, csv: $csv) { rows inserted updated } }`, { kind, csv: lines.join('\n') }, CLI);
}

/** The import is refused with exactly these issues, and no table changed. */
async function refused(kind: 'OFFICERS' | 'CASES' | 'LITIGATION', lines: string[], issues: { row: number; column: string; message: string }[]) {
  const before = await tableChecksums(app);
  const res = await importCsv(kind, lines);
  expect(res.data).toBeNull();
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', totalIssues: issues.length });
  expect(res.errors![0].extensions!.issues).toEqual(issues);
  expect(await tableChecksums(app)).toEqual(before);
}

describe('CSV import refuses the rows the constraints would, naming row and column, writing nothing', () => {
  const good = '410726,INV-OK-1,410726-SFJ,测试甲,ACTIVE,2023-01-01,,,';

  it('officers: CANCELLED without date or reason, ACTIVE with either, cancelled before issued', async () => {
    await refused('OFFICERS', [OFFICERS, good,
      '410726,INV-1,410726-SFJ,测试乙,CANCELLED,2020-01-01,,RETIREMENT,',
      '410726,INV-2,410726-SFJ,测试丙,CANCELLED,2020-01-01,2023-06-01,,',
      '410726,INV-3,410726-SFJ,测试丁,ACTIVE,2020-01-01,2023-06-01,,',
      '410726,INV-4,410726-SFJ,测试戊,ACTIVE,2020-01-01,,TRANSFER,',
      '410726,INV-5,410726-SFJ,测试己,CANCELLED,2021-05-05,2020-01-01,TRANSFER,',
    ], [
      { row: 3, column: 'cancelled_on', message: 'is required when status is CANCELLED' },
      { row: 4, column: 'cancellation_reason', message: 'is required when status is CANCELLED' },
      { row: 5, column: 'cancelled_on', message: 'must be empty when status is ACTIVE (got 2023-06-01)' },
      { row: 6, column: 'cancellation_reason', message: 'must be empty when status is ACTIVE (got TRANSFER)' },
      { row: 7, column: 'cancelled_on', message: '2020-01-01 is before issued_on 2021-05-05' },
    ]);
  });

  it('dates outside 1949-10-01..2100-12-31 (0001-01-01, 9999-12-31) in every kind of file', async () => {
    await refused('OFFICERS', [OFFICERS, good,
      '410726,INV-6,410726-SFJ,测试庚,ACTIVE,0001-01-01,,,',
      '410726,INV-7,410726-SFJ,测试辛,CANCELLED,2020-01-01,9999-12-31,OTHER,',
    ], [
      { row: 3, column: 'issued_on', message: '"0001-01-01" is outside 1949-10-01..2100-12-31' },
      { row: 4, column: 'cancelled_on', message: '"9999-12-31" is outside 1949-10-01..2100-12-31' },
    ]);
    await refused('CASES', [CASES, '410726,INV-C-1,410726-SCJGJ,,PENALTY,9999-12-31,100,,,'], [
      { row: 2, column: 'decided_on', message: '"9999-12-31" is outside 1949-10-01..2100-12-31' },
    ]);
    await refused('LITIGATION', [LITIGATION, '410726,(2023)INV行初1号,ADMINISTRATIVE,410726-SFJ,1949-09-30,true,,'], [
      { row: 2, column: 'heard_on', message: '"1949-09-30" is outside 1949-10-01..2100-12-31' },
    ]);
  });

  it('cases: negative amounts, leniency amount missing when lenient or present when not', async () => {
    await refused('CASES', [CASES,
      '410726,INV-C-2,410726-SCJGJ,,PENALTY,2023-03-01,-5,,,',
      '410726,INV-C-3,410726-SCJGJ,,PENALTY,2023-03-01,100,MITIGATED,-1,',
      '410726,INV-C-4,410726-SCJGJ,,PENALTY,2023-03-01,100,MITIGATED,,',
      '410726,INV-C-5,410726-SCJGJ,,PENALTY,2023-03-01,100,NONE,300,',
      '410726,INV-C-6,410726-SCJGJ,,PENALTY,2023-03-01,100,,300,',
    ], [
      { row: 2, column: 'fine_amount', message: '"-5" is not an amount in yuan with at most two decimals' },
      { row: 3, column: 'leniency_amount', message: '"-1" is not an amount in yuan with at most two decimals' },
      { row: 4, column: 'leniency_amount', message: 'is required when leniency is MITIGATED (the amount involved; 0 if none)' },
      { row: 5, column: 'leniency_amount', message: 'must be empty when leniency is NONE (got 300)' },
      { row: 6, column: 'leniency_amount', message: 'must be empty when leniency is NONE (got 300)' },
    ]);
  });

  it('text with a lone UTF-16 surrogate or U+FFFD replacement characters', async () => {
    await refused('OFFICERS', [OFFICERS, good,
      '410726,INV-8,410726-SFJ,测\uD800试,ACTIVE,2023-01-01,,,',
      '410726,INV-9,410726-SFJ,测试,ACTIVE,2023-01-01,,,\uDC00导出',
      '410726,INV-10,410726-SFJ,\uFFFD\uFFFD,ACTIVE,2023-01-01,,,',
    ], [
      { row: 3, column: 'name', message: 'contains a lone UTF-16 surrogate or U+FFFF (not valid Unicode text)' },
      { row: 4, column: 'source', message: 'contains a lone UTF-16 surrogate or U+FFFF (not valid Unicode text)' },
      { row: 5, column: 'name', message: 'contains U+FFFD replacement characters (text damaged by a wrong encoding conversion; export it again as UTF-8)' },
    ]);
  });

  it('rows that keep the rules are imported: a certificate cancelled on its issue day, an exempted case with amount 0, characters beyond the BMP', async () => {
    const res = await importCsv('OFFICERS', [OFFICERS, good,
      '410726,INV-OK-2,410726-SFJ,测试𠀀,CANCELLED,2023-02-01,2023-02-01,FAILED_EXAM,',
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importRecords).toMatchObject({ rows: 2, inserted: 2 });
    const cases = await importCsv('CASES', [CASES, '410726,INV-OK-C,410726-SCJGJ,,PENALTY,2100-12-31,0,EXEMPTED,0,']);
    expect(cases.errors).toBeUndefined();
    const rows = await app.sql(`SELECT certificate_number, name, status, cancelled_on::text, cancellation_reason FROM enforcement_officer WHERE certificate_number LIKE 'INV-OK-%' ORDER BY 1`);
    expect(rows).toEqual([
      { certificate_number: 'INV-OK-1', name: '测试甲', status: 'ACTIVE', cancelled_on: null, cancellation_reason: null },
      { certificate_number: 'INV-OK-2', name: '测试𠀀', status: 'CANCELLED', cancelled_on: '2023-02-01', cancellation_reason: 'FAILED_EXAM' },
    ]);
    expect(await app.sql(`SELECT leniency, leniency_amount_fen, fine_amount_fen FROM enforcement_case WHERE case_number = 'INV-OK-C'`))
      .toEqual([{ leniency: 'EXEMPTED', leniency_amount_fen: '0', fine_amount_fen: '0' }]);
  });

  it('through the CLI: a file with several broken rows lists each, exits 1 and writes nothing', async () => {
    const file = path.join(tmp, 'officers.csv');
    await writeFile(file, [OFFICERS,
      '410726,INV-CLI-1,410726-SFJ,测试,CANCELLED,2020-01-01,,,',
      '410726,INV-CLI-2,410726-SFJ,测试,ACTIVE,2020-01-01,2020-02-02,,',
      '410726,INV-CLI-3,410726-SFJ,\uFFFD,ACTIVE,9999-12-31,,,',
    ].join('\n'));
    const before = await tableChecksums(app);
    const out = await importCli(app, 'records', 'officers', file);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('officers.csv: 4 problems; nothing was imported');
    expect(out.stderr).toContain('row 2, cancelled_on: is required when status is CANCELLED');
    expect(out.stderr).toContain('row 3, cancelled_on: must be empty when status is ACTIVE (got 2020-02-02)');
    expect(out.stderr).toContain('row 4, name: contains U+FFFD replacement characters');
    expect(out.stderr).toContain('row 4, issued_on: "9999-12-31" is outside 1949-10-01..2100-12-31');
    expect(await tableChecksums(app)).toEqual(before);
  });

  it('a UTF-8 file carrying an encoded surrogate (invalid UTF-8) is refused, writing nothing', async () => {
    const file = path.join(tmp, 'surrogate.csv');
    await writeFile(file, Buffer.concat([
      Buffer.from(`${OFFICERS}\n410726,INV-S-1,410726-SFJ,测试,ACTIVE,2020-01-01,,,\n410726,INV-S-2,410726-SFJ,`, 'utf8'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(',ACTIVE,2020-01-01,,,\n', 'utf8'),
    ]));
    const before = await tableChecksums(app);
    const out = await importCli(app, 'records', 'officers', file);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/mixes encodings|lone UTF-16 surrogate|U\+FFFD/);
    expect(await tableChecksums(app)).toEqual(before);
  });
});

describe('report import refuses what the report and figure constraints would', () => {
  const doc = () => ({
    format: 'rule-of-law-report/v1',
    report: {
      areaCode: '410724', areaLevel: 'COUNTY', year: 2023, documentType: 'RULE_OF_LAW_REPORT',
      title: '测试用虚构报告 (invariants test fixture, not a real report)', publishedOn: '2024-03-01',
      coverage: 'TEST FIXTURE: invented figures.',
    },
    figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 906, unit: '件', quote: '全年行政处罚906件' }] as Record<string, unknown>[],
  });

  async function refusedReport(r: ReturnType<typeof doc>) {
    const before = await tableChecksums(app);
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r }, CLI);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await tableChecksums(app)).toEqual(before);
    return res.errors![0].extensions!.issues as { position: string; field: string; message: string }[];
  }

  it('a negative figure', async () => {
    const d = doc();
    d.figures.push({ indicator: 'LIT_CASES', value: -21, unit: '件', breakdown: { kind: 'ADMINISTRATIVE' }, quote: '行政诉讼案件-21件' });
    expect(await refusedReport(d)).toContainEqual({ position: 'figures[1]', field: 'value', message: '-21 is negative: published figures are counts, amounts and rates' });
  });

  it('publishedOn 0001-01-01, 9999-12-31, or before the report\'s year began', async () => {
    for (const [publishedOn, message] of [
      ['0001-01-01', '"0001-01-01" is outside 1949-10-01..2100-12-31'],
      ['9999-12-31', '"9999-12-31" is outside 1949-10-01..2100-12-31'],
      ['2022-12-31', '2022-12-31 is before the report\'s year 2023 began'],
    ]) {
      const d = doc();
      d.report.publishedOn = publishedOn;
      expect(await refusedReport(d)).toEqual([{ position: 'report', field: 'publishedOn', message }]);
    }
  });

  it('a lone surrogate in a quote or the title', async () => {
    const d = doc();
    d.report.title = '测试\uDBFF报告';
    d.figures[0].quote = '全年行政处罚906件\uD800';
    expect(await refusedReport(d)).toEqual([
      { position: 'report', field: 'title', message: 'contains a lone UTF-16 surrogate or U+FFFF (not valid Unicode text)' },
      { position: 'figures[0]', field: 'quote', message: 'contains a lone UTF-16 surrogate or U+FFFF (not valid Unicode text)' },
    ]);
  });
});
