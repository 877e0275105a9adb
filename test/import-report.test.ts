/**
 * Importing a county's report: from a hand-written file (CLI and mutation), then compared with
 * the seeded counties; every bad input rejected with nothing written; re-import idempotent;
 * a corrected version recorded as a revision.
 */
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tableChecksums } from './helpers/checksums';
import { importCli } from './helpers/cli';
import { ANALYST, startTestApp, type TestApp } from './helpers/harness';
import { ANONYMOUS, CLI, type Viewer } from '../src/modules/auth/viewer';
import { Role } from '../src/modules/auth/api-key.entity';

const fixture = path.join(__dirname, 'data/fixture-county-report.json');

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  app = await startTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-import-'));
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

const cli = (...args: string[]) => importCli(app, ...args);

async function fixtureDoc(): Promise<any> {
  return JSON.parse(await readFile(fixture, 'utf8'));
}

describe('comparison across the seeded counties', () => {
  it('ranks within each year, shows explicit gaps, and the change from the previous year', async () => {
    const res = await app.gql(`{ comparison(indicator: "LEAD_EXEC_MEETINGS_ROL", years: [2022, 2023]) {
      indicator { code nameZh } years rows { county { code name } cells { year status value unit rank changeFromPreviousYear quote figure { report { sourceUrl } } } } } }`);
    expect(res.errors).toBeUndefined();
    const c = res.data!.comparison;
    expect(c.years).toEqual([2022, 2023]);
    expect(c.rows).toHaveLength(8); // every real county, synthetic ones excluded
    const jia = c.rows.find((r: any) => r.county.code === '410425');
    expect(jia.cells).toEqual([
      { year: 2022, status: 'PUBLISHED', value: 4, unit: '次', rank: 1, changeFromPreviousYear: null, quote: '先后召开政府常务会4次', figure: { report: { sourceUrl: 'http://jiaxian.gov.cn/contents/51290/387711.html' } } },
      { year: 2023, status: 'PUBLISHED', value: 6, unit: '次', rank: 1, changeFromPreviousYear: 2, quote: '县政府常务会先后6次听取法治建设汇报', figure: { report: { sourceUrl: 'http://jiaxian.gov.cn/contents/53412/424439.html' } } },
    ]);
    const yanjin = c.rows.find((r: any) => r.county.code === '410726');
    expect(yanjin.cells.map((x: any) => [x.status, x.value, x.rank])).toEqual([['NOT_PUBLISHED', null, null], ['NOT_PUBLISHED', null, null]]);
  });

  it('ties share a rank', async () => {
    // A test fixture report ties with Xinxian's 4 years (Guangshan has 5).
    const fixture = { format: 'rule-of-law-report/v1', report: { areaCode: '411521', year: 2023, title: 'tie fixture', coverage: 'TEST FIXTURE' },
      figures: [{ indicator: 'ASSESS_EXCELLENT_YEARS_CITY', value: 4, unit: '年', quote: '连续4年在法治信阳考核中获得优秀等次' }] };
    expect((await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: fixture }, CLI)).errors).toBeUndefined();
    const res = await app.gql(`{ comparison(indicator: "ASSESS_EXCELLENT_YEARS_CITY", years: [2023], counties: ["411521", "411522", "411523"]) { rows { county { code } cells { value rank rankedOf } } } }`);
    const ranks = Object.fromEntries(res.data!.comparison.rows.map((r: any) => [r.county.code, [r.cells[0].value, r.cells[0].rank, r.cells[0].rankedOf]]));
    expect(ranks).toEqual({ '411522': [5, 1, 3], '411521': [4, 2, 3], '411523': [4, 2, 3] });
    // Leave the seeded counties as they were for the tests after this one.
    await app.sql(`DELETE FROM report WHERE area_code = '411521' AND title = 'tie fixture'`);
    await app.sql(`DELETE FROM county WHERE code = '411521'`);
  });

  it('shows the value computed from records beside the published one, and says when a normalising attribute is missing', async () => {
    const res = await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["410726", "410425"], normalizeBy: PER_10K_RESIDENTS) {
      rows { county { code } cells { status value computed normalized normalizationNote } } } }`);
    expect(res.data!.comparison.rows).toEqual([
      { county: { code: '410425' }, cells: [{ status: 'NOT_PUBLISHED', value: null, computed: null, normalized: null, normalizationNote: null }] },
      { county: { code: '410726' }, cells: [{ status: 'PUBLISHED', value: 1183, computed: 1183, normalized: null, normalizationNote: 'population of 410726 for 2023 is not held (import it: record kind population)' }] },
    ]);
    const perTownship = await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["410726"], normalizeBy: PER_TOWNSHIP) { rows { cells { normalized } } } }`);
    expect(perTownship.data!.comparison.rows[0].cells[0].normalized).toBe(91); // 1183 / 13
  });

  it('rejects an unknown indicator or county', async () => {
    expect((await app.gql(`{ comparison(indicator: "NOPE", years: [2023]) { years } }`)).errors![0].extensions!.code).toBe('NOT_FOUND');
    expect((await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["123456"]) { years } }`)).errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('importing a report file written by hand', () => {
  it('CLI: creates the county, the report and its figures; the comparison then includes it', async () => {
    const out = await cli('report', fixture);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^CREATED: report \d+ revision 1, 4 figures/);
    const res = await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["410726", "410724"]) { rows { county { code name city { name } } cells { value qualifier rank } } } }`);
    expect(res.data!.comparison.rows).toEqual([
      { county: { code: '410724', name: '获嘉县', city: { name: '新乡市' } }, cells: [{ value: 906, qualifier: 'EXACT', rank: 2 }] },
      { county: { code: '410726', name: '延津县', city: { name: '新乡市' } }, cells: [{ value: 1183, qualifier: 'EXACT', rank: 1 }] },
    ]);
    const lic = await app.gql(`{ figures(filter: { countyCode: { eq: "410724" }, indicator: { eq: "ENF_LICENSE_TOTAL" } }) { nodes { value qualifier quote report { provenance } } } }`);
    expect(lic.data!.figures.nodes).toEqual([{ value: 12000, qualifier: 'AT_LEAST', quote: '办理行政许可12000余件', report: { provenance: 'IMPORTED' } }]);
  });

  it('importing the same file again changes nothing (but the attempt is in the audit log)', async () => {
    const before = await tableChecksums(app, ['audit_log']);
    const out = await cli('report', fixture);
    expect(out.stdout).toMatch(/^UNCHANGED: report \d+ revision 1, 4 figures/);
    expect(await tableChecksums(app, ['audit_log'])).toEqual(before);
    const [last] = await app.sql(`SELECT actor, action, county_code, rows, detail->>'status' AS status FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(last).toEqual({ actor: 'cli', action: 'importReport', county_code: '410724', rows: 0, status: 'UNCHANGED' });
  });

  it('a corrected version replaces the figures and records what changed', async () => {
    const doc = await fixtureDoc();
    doc.figures[0] = { ...doc.figures[0], value: 960, quote: '全年行政处罚960件' };
    doc.figures.pop();
    doc.report.sourceText = undefined;
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status revision figures changes report { revisions { revision changes } } } }`, { r: doc }, CLI);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importReport).toMatchObject({
      status: 'REVISED', revision: 2, figures: 3,
      changes: { added: [], removed: ['ASSESS_EXCELLENT_YEARS'], changed: [{ key: 'ENF_PENALTY_TOTAL', from: '906件', to: '960件' }] },
    });
    expect(res.data!.importReport.report.revisions.map((r: any) => r.revision)).toEqual([1, 2]);
    const cmp = await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["410724"]) { rows { cells { value } } } }`);
    expect(cmp.data!.comparison.rows[0].cells[0].value).toBe(960);
  });
});

describe('bad report files: rejected, all problems at once, nothing written', () => {
  async function rejected(file: string, pattern: RegExp) {
    const before = await tableChecksums(app);
    const out = await cli('report', file);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(pattern);
    expect(await tableChecksums(app)).toEqual(before);
    return out.stderr;
  }

  it('many problems in one file, each with its position and field', async () => {
    const doc = await fixtureDoc();
    doc.report.areaCode = '999999';
    doc.report.year = 1850;
    doc.figures = [
      { indicator: 'NOT_AN_INDICATOR', value: 1, unit: '件', quote: '1件' },
      { indicator: 'ENF_PENALTY_TOTAL', value: 906, unit: '万元', quote: '全年行政处罚906件' },
      { indicator: 'ENF_INSPECTION_TOTAL', value: 77, unit: '件' },
      { indicator: 'ENF_GUIDANCE_TOTAL', value: 55, unit: '件', quote: '行政指导56件' },
      { indicator: 'LIT_CASES', value: 3, unit: '件', quote: '3件', breakdown: { color: 'red' } },
    ];
    delete doc.report.sourceText;
    const file = path.join(tmp, 'many.json');
    await writeFile(file, JSON.stringify(doc));
    const stderr = await rejected(file, /many\.json: 7 problems; nothing was imported/);
    expect(stderr).toContain('report areaCode: 999999 is not a valid GB/T 2260 county-level code');
    expect(stderr).toContain('report year: must be a whole year between 2000 and');
    expect(stderr).toContain('figures[0] indicator: unknown indicator "NOT_AN_INDICATOR"');
    expect(stderr).toContain('figures[1] unit: "万元" does not match indicator ENF_PENALTY_TOTAL (unit 件 or 宗)');
    expect(stderr).toContain('figures[2] quote: is required');
    expect(stderr).toContain('figures[3] value: 55 does not appear in its quote');
    expect(stderr).toContain('figures[4] breakdown.color: is not a breakdown of LIT_CASES');
  });

  it('a quote that is not in the source text', async () => {
    const doc = await fixtureDoc();
    doc.figures[0].quote = '全年共作出行政处罚906件';
    const file = path.join(__dirname, 'data', `tmp-${process.pid}.json`);
    await writeFile(file, JSON.stringify(doc));
    try {
      await rejected(file, /figures\[0\] quote: is not a verbatim part of the source text/);
    } finally {
      await rm(file);
    }
  });

  it('a file that is not JSON (a CSV, say)', async () => {
    const file = path.join(tmp, 'report.json');
    await writeFile(file, 'county_code,case_number\n410726,1\n');
    await rejected(file, /report\.json: 1 problem; nothing was imported\. First: file : is not valid JSON/);
  });

  it('an empty file', async () => {
    const file = path.join(tmp, 'empty.json');
    await writeFile(file, '');
    await rejected(file, /empty\.json: .*is empty/);
  });

  it('a 100 MB file, refused before reading it', async () => {
    const file = path.join(tmp, 'huge.json');
    const handle = await open(file, 'w');
    await handle.truncate(100 * 1024 * 1024);
    await handle.close();
    await rejected(file, /huge\.json: .*is 100\.0 MB; a report file is at most 5 MB/);
  });

  it('a GBK-encoded JSON file is refused with a clear message', async () => {
    const file = path.join(tmp, 'gbk.json');
    await writeFile(file, iconv.encode(await readFile(fixture, 'utf8'), 'gbk'));
    await rejected(file, /gbk\.json: .*is not UTF-8 text/);
  });

  it('through the mutation: every problem in extensions.issues', async () => {
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: { format: 'rule-of-law-report/v1', report: { areaCode: '41', year: 2023 }, figures: [] } }, CLI);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const issues = res.errors![0].extensions!.issues as { position: string; field: string }[];
    expect(issues.map((i) => `${i.position}.${i.field}`)).toEqual(['report.areaCode', 'report.title', 'report.coverage', 'figures.']);
  });
});

describe('issue 12.6: breakdown keys are checked against own properties only', () => {
  const doc = (breakdown: unknown) => ({
    format: 'rule-of-law-report/v1',
    report: { areaCode: '410726', year: 2018, title: 'prototype keys', coverage: 'TEST FIXTURE' },
    figures: [{ indicator: 'LIT_CASES', value: 3, unit: '件', quote: '行政诉讼案件3件', breakdown }],
  });

  for (const key of ['valueOf', 'constructor', 'hasOwnProperty', 'toString', '__proto__']) {
    it(`refuses breakdown key ${key} with BAD_USER_INPUT naming it; nothing written; reconciliation still answers`, async () => {
      const before = await tableChecksums(app);
      // JSON.parse: "__proto__" becomes an own property, as it does in a request body.
      const breakdown = JSON.parse(`{${JSON.stringify(key)}: "x"}`);
      const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: doc(breakdown) }, CLI);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const issues = res.errors![0].extensions!.issues as { position: string; field: string; message: string }[];
      expect(issues.map((i) => `${i.position} ${i.field}`)).toEqual([`figures[0] breakdown.${key}`]);
      expect(issues[0].message).toMatch(/is not a breakdown of LIT_CASES/);
      expect(await tableChecksums(app)).toEqual(before);
      const rec = await app.gql(`{ reconciliation(county: "410726", year: 2018) { indicator { code } status } }`);
      expect(rec.errors).toBeUndefined();
    });
  }

  it('a known breakdown key is still accepted and stored', async () => {
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status report { figures(first: 5) { nodes { breakdown } } } } }`, { r: doc({ kind: 'ADMINISTRATIVE' }) }, CLI);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importReport.report.figures.nodes).toEqual([{ breakdown: { kind: 'ADMINISTRATIVE' } }]);
    const rec = await app.gql(`{ reconciliation(county: "410726", year: 2018) { indicator { code } status } }`);
    expect(rec.errors).toBeUndefined();
  });

  for (const key of ['valueOf', 'constructor', '__proto__']) {
    it(`comparison(breakdown: {${key}: …}) is BAD_USER_INPUT naming the key`, async () => {
      const breakdown = JSON.parse(`{${JSON.stringify(key)}: "x"}`);
      const res = await app.gql(`query ($b: JSONObject) { comparison(indicator: "LIT_CASES", years: [2023], counties: ["410726"], breakdown: $b) { years } }`, { b: breakdown });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(res.errors![0].message).toContain(key);
    });
  }
});

describe('issue 12.11: importReport checks authorization before validating', () => {
  // Every figure wrong: validation would list each (catalogue look-ups, quote search).
  const bad = {
    format: 'rule-of-law-report/v1',
    report: { areaCode: '410726', year: 2023, title: 't', coverage: 'TEST FIXTURE' },
    figures: Array.from({ length: 50 }, (_, i) => ({ indicator: `NOT_AN_INDICATOR_${i}`, value: i, unit: '件', quote: 'x' })),
  };
  const otherEditor: Viewer = { keyId: 999, role: Role.EDITOR, countyCode: '410425', countyId: null, label: 'jiaxian editor' };

  for (const [name, viewer] of [['anonymous', ANONYMOUS], ['an analyst', ANALYST], ["another county's editor", otherEditor]] as const) {
    it(`${name}: FORBIDDEN, with no validation output`, async () => {
      const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: bad }, viewer);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.errors![0].extensions!.issues).toBeUndefined();
      expect(res.errors![0].message).not.toMatch(/NOT_AN_INDICATOR|problem/);
      expect(res.statements).toBe(0);
    });
  }

  it('an editor of the county still gets the validation output', async () => {
    const editor: Viewer = { ...otherEditor, countyCode: '410726' };
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: bad }, editor);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((res.errors![0].extensions!.issues as unknown[]).length).toBeGreaterThanOrEqual(50);
  });
});

describe("issue 12.10: revisions.loadedBy is the key's id, never its label, for callers who are not admins", () => {
  const editor: Viewer = { keyId: 4242, role: Role.EDITOR, countyCode: '410726', countyId: null, label: 'Yanjin justice bureau (private label)' };
  const doc = {
    format: 'rule-of-law-report/v1',
    report: { areaCode: '410726', year: 2017, title: 'loadedBy', coverage: 'TEST FIXTURE' },
    figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 7, unit: '件', quote: '行政处罚7件' }],
  };
  const query = '{ reports(first: 5, filter: { areaCode: { eq: "410726" }, year: { eq: 2017 } }) { nodes { revisions { revision loadedBy } } } }';

  it('an import by a key records its id; anonymous callers and analysts see the id, not the label', async () => {
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: doc }, editor);
    expect(res.errors).toBeUndefined();
    for (const viewer of [ANONYMOUS, ANALYST]) {
      const seen = await app.gql(query, {}, viewer);
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.reports.nodes).toEqual([{ revisions: [{ revision: 1, loadedBy: '4242' }] }]);
    }
  });

  it('a label recorded before ids were stored is null except for admins', async () => {
    await app.sql(`UPDATE report_revision SET loaded_by = 'Yanjin justice bureau (private label)' WHERE report_id = (SELECT id FROM report WHERE area_code = '410726' AND year = 2017)`);
    for (const viewer of [ANONYMOUS, ANALYST, editor]) {
      const seen = await app.gql(query, {}, viewer);
      expect(seen.data!.reports.nodes).toEqual([{ revisions: [{ revision: 1, loadedBy: null }] }]);
    }
    const admin = await app.gql(query, {}, CLI);
    expect(admin.data!.reports.nodes).toEqual([{ revisions: [{ revision: 1, loadedBy: 'Yanjin justice bureau (private label)' }] }]);
  });
});

describe('issue 12.9: a deeply nested report is a coded BAD_USER_INPUT', () => {
  function deep(depth: number): unknown {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  }

  it('200,000 levels in importReport (as an admin): BAD_USER_INPUT naming the depth, nothing written', async () => {
    const before = await tableChecksums(app);
    const doc = { format: 'rule-of-law-report/v1', report: { areaCode: '410726', year: 2016, title: deep(200_000), coverage: 'TEST FIXTURE' }, figures: [] };
    const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: doc }, CLI);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors![0].message).toMatch(/nested deeper than 32 levels/);
    expect(await tableChecksums(app)).toEqual(before);
  });

  it('200,000 levels in a report file (CLI): the same', async () => {
    const file = path.join(tmp, 'deep.json');
    await writeFile(file, `{"format":"rule-of-law-report/v1","report":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)},"figures":[]}`);
    const out = await cli('report', file);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/deep\.json: 1 problem; nothing was imported\. First: file : is nested deeper than 32 levels/);
  });
});
