/**
 * Importing record files (CSV): validation with row and column, all or nothing, idempotent by
 * natural key, GBK converted, mixed encodings refused, and nothing partial after a killed import.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tableChecksums } from './helpers/checksums';
import { importCli } from './helpers/cli';
import { tsRegister } from './helpers/processes';
import { startTestApp, type TestApp } from './helpers/harness';
import { CLI } from '../src/modules/auth/viewer';

const root = path.join(__dirname, '..');
const HEADER = 'county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source';

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  app = await startTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-csv-'));
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

const cli = (...args: string[]) => importCli(app, ...args);

async function csvFile(name: string, lines: string[], encoding: 'utf8' | 'gbk' = 'utf8'): Promise<string> {
  const file = path.join(tmp, name);
  const text = `${lines.join('\n')}\n`;
  await writeFile(file, encoding === 'utf8' ? text : iconv.encode(text, 'gbk'));
  return file;
}

const rows = [
  '410726,IMP-2023-0001,410726-SCJGJ,410726001,PENALTY,2023-05-04,1500.50,NONE,,延津县市场监管执法系统导出',
  '410726,IMP-2023-0002,410726-T101,410726101,PENALTY,2023-06-01,800,MITIGATED,1200,',
  '410726,IMP-2023-0003,410726-SFJ,,MEDIATION,2023-07-15,,,,',
];

async function count(filter: string): Promise<number> {
  const res = await app.gql(`{ enforcementCaseStats(filter: ${filter}) { nodes { count } } }`);
  return res.data!.enforcementCaseStats.nodes[0].count;
}

describe('importing enforcement cases from CSV', () => {
  it('inserts the rows, and the aggregates and the reconciliation reflect them', async () => {
    const file = await csvFile('cases.csv', [HEADER, ...rows]);
    const out = await cli('records', 'cases', file);
    expect(out.stdout.trim()).toBe('3 rows: 3 inserted, 0 updated, 0 unchanged');
    expect(await count('{ countyCode: { eq: "410726" } }')).toBe(21085 + 3);
    const [row] = await app.sql(`SELECT c.fine_amount_fen, c.leniency, c.leniency_amount_fen, c.provenance, c.source, t.code AS township FROM enforcement_case c
      LEFT JOIN township t ON t.id = c.township_id WHERE c.case_number = 'IMP-2023-0002'`);
    expect(row).toEqual({ fine_amount_fen: '80000', leniency: 'MITIGATED', leniency_amount_fen: '120000', provenance: 'IMPORTED', source: 'cases.csv', township: '410726101' });
    const rec = await app.gql(`{ reconciliation(county: "410726", year: 2023) { indicator { code } breakdown status computed } }`);
    const mismatches = rec.data!.reconciliation.filter((r: any) => r.status === 'MISMATCH').map((r: any) => `${r.indicator.code}=${r.computed}`);
    expect(mismatches).toEqual(['ENF_PENALTY_TOTAL=1185', 'ENF_MEDIATION_TOTAL=1727', 'LENIENCY_MITIGATED_CASES=84', 'LENIENCY_MITIGATED_AMOUNT=5.69']);
  });

  it('importing the same file again changes nothing; a changed row is updated', async () => {
    const file = await csvFile('cases.csv', [HEADER, ...rows]);
    const before = await tableChecksums(app, ['audit_log']);
    expect((await cli('records', 'cases', file)).stdout.trim()).toBe('3 rows: 0 inserted, 0 updated, 3 unchanged');
    expect(await tableChecksums(app, ['audit_log'])).toEqual(before);
    const changed = await csvFile('cases-v2.csv', [HEADER, rows[0].replace('1500.50', '1600'), rows[1], rows[2]]);
    expect((await cli('records', 'cases', changed)).stdout.trim()).toBe('3 rows: 0 inserted, 1 updated, 2 unchanged');
  });

  it('converts a GBK export and says so', async () => {
    const file = await csvFile('gbk.csv', [HEADER, '410726,IMP-2023-0100,410726-SCJGJ,,INSPECTION,2023-08-08,,,,县市场监管局系统导出'], 'gbk');
    const out = await cli('records', 'cases', file);
    expect(out.stdout).toContain('note: converted from GB18030/GBK to UTF-8');
    expect(out.stdout).toContain('1 rows: 1 inserted');
    const [row] = await app.sql(`SELECT source FROM enforcement_case WHERE case_number = 'IMP-2023-0100'`);
    expect(row.source).toBe('县市场监管局系统导出');
  });
});

describe('bad record files: every problem with its row and column, nothing written', () => {
  async function rejected(file: string, kind = 'cases') {
    const before = await tableChecksums(app);
    const out = await cli('records', kind, file);
    expect(out.code).toBe(1);
    expect(await tableChecksums(app)).toEqual(before);
    return out.stderr;
  }

  it('cell problems are all listed', async () => {
    const file = await csvFile('bad.csv', [HEADER,
      '410726,B-1,410726-SCJGJ,,PENALTY,2023-02-30,100,,,',
      '410726,B-2,410726-SCJGJ,,BRIBERY,2023-01-01,100.123,,,',
      '410726,,410726-SCJGJ,,PENALTY,2023-01-01,,,,',
      '410726,B-4,410726-SCJGJ,,PENALTY,2023-01-01,100',
    ]);
    const stderr = await rejected(file);
    expect(stderr).toContain('bad.csv: 5 problems; nothing was imported');
    expect(stderr).toContain('row 2, decided_on: "2023-02-30" is not a date YYYY-MM-DD');
    expect(stderr).toContain('row 3, action_type: "BRIBERY" is not one of PENALTY, INSPECTION, LICENSE, GUIDANCE, MEDIATION, COERCIVE_MEASURE');
    expect(stderr).toContain('row 3, fine_amount: "100.123" is not an amount in yuan with at most two decimals');
    expect(stderr).toContain('row 4, case_number: is required');
    expect(stderr).toContain('row 5: has 7 cells, expected 10');
  });

  it('duplicate rows inside the file and references that do not resolve', async () => {
    const file = await csvFile('refs.csv', [HEADER,
      '410726,D-1,410726-SCJGJ,,PENALTY,2023-01-01,,,,',
      '410726,D-1,410726-SCJGJ,,PENALTY,2023-01-02,,,,',
      '410726,D-3,410425-SCJGJ,,PENALTY,2023-01-01,,,,',
      '410726,D-4,410726-SCJGJ,999999999,PENALTY,2023-01-01,,,,',
    ]);
    const stderr = await rejected(file);
    expect(stderr).toContain('row 3, case_number: duplicates row 2 (same county_code + case_number)');
    expect(stderr).toContain('row 4, agency_code: no agency with this code in the row\'s county');
    expect(stderr).toContain('row 5, township_code: no township with this code in the row\'s county');
  });

  it('a wrong header', async () => {
    const stderr = await rejected(await csvFile('header.csv', ['county,case,agency', '410726,X,Y']));
    expect(stderr).toContain(`row 1: the header must be exactly: ${HEADER}`);
  });

  it('an empty file, a header without rows, a JSON file, a binary file', async () => {
    expect(await rejected(await csvFile('empty.csv', []))).toMatch(/empty\.csv: .*(empty|no header)/);
    expect(await rejected(await csvFile('header-only.csv', [HEADER]))).toContain('the file has a header but no rows');
    expect(await rejected(await csvFile('report.csv', ['{"format": "rule-of-law-report/v1", "report": {}}']))).toContain('report.csv: 1 problem; nothing was imported. First: row 1, not a readable CSV file here');
    const png = path.join(tmp, 'image.csv');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x00, 0x10, 0xc3, 0x28]));
    expect(await rejected(png)).toMatch(/neither UTF-8 nor GBK|not a readable CSV/);
  });

  it('mixed encodings (UTF-8 then GBK lines) are refused, naming the line', async () => {
    const file = path.join(tmp, 'mixed.csv');
    await writeFile(file, Buffer.concat([
      Buffer.from(`${HEADER}\n410726,M-1,410726-SCJGJ,,PENALTY,2023-01-01,,,,市场监管\n`, 'utf8'),
      iconv.encode('410726,M-2,410726-SCJGJ,,PENALTY,2023-01-01,,,,市场监管\n', 'gbk'),
    ]));
    expect(await rejected(file)).toContain('the file mixes encodings: UTF-8 text, then bytes that are not UTF-8 from line 3');
  });

  it('through the mutation: officers with a bad row', async () => {
    const csv = ['county_code,certificate_number,agency_code,name,status,issued_on,cancelled_on,cancellation_reason,source',
      '410726,T-0001,410726-SFJ,测试,ACTIVE,2023-01-01,,,', '410726,T-0002,410726-SFJ,测试,RETIRED,2023-01-01,,,'].join('\n');
    const before = await tableChecksums(app);
    const res = await app.gql(`mutation ($csv: String!) { importRecords(kind: OFFICERS, csv: $csv) { rows inserted } }`, { csv }, CLI);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ row: 3, column: 'status', message: '"RETIRED" is not one of ACTIVE, CANCELLED' }] });
    expect(await tableChecksums(app)).toEqual(before);
  });
});

describe('a killed import', () => {
  it('leaves nothing partial behind', async () => {
    const file = path.join(tmp, 'big.csv');
    const out = createWriteStream(file);
    out.write(`${HEADER}\n`);
    for (let i = 0; i < 300_000; i++) out.write(`410726,KILL-${i},410726-SCJGJ,410726001,INSPECTION,2023-03-03,,,,\n`);
    await new Promise((r) => out.end(r));
    const before = await tableChecksums(app);
    const child = spawn(process.execPath, ['-r', tsRegister, 'src/cli/import.ts', 'records', 'cases', file], {
      cwd: root, env: { ...process.env, DATABASE_URL: app.url, LOG_LEVEL: 'silent' },
    });
    // Kill it once it is streaming rows into the database (its staging table exists).
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY "staging"%'`);
      if (Number(n) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    // The server notices the lost client and rolls back.
    for (let i = 0; i < 100; i++) {
      const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY "staging"%'`);
      if (Number(n) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await tableChecksums(app)).toEqual(before);
    const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case WHERE case_number LIKE 'KILL-%'`);
    expect(Number(n)).toBe(0);
  });
});
