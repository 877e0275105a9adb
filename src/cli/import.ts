/**
 * npm run import -- report path/to/report.json
 * npm run import -- indicators path/to/indicators.json
 * npm run import -- records cases|officers|litigation path/to/file.csv
 * npm run import -- propose report.txt --county 410726 --year 2023 [--out draft.json]
 * The same code paths as the importReport / importRecords mutations.
 */
import 'reflect-metadata';
import { stat } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { Db } from '../db/db';
import { initORM, migrate } from '../db/orm';
import { withSetupLock } from '../db/setup-lock';
import { DomainError } from '../errors';
import { recordFile, recordFiles } from '../modules/import/record-files';
import { importRecordFile } from '../modules/import/records-import.service';
import { recordAudit } from '../modules/auth/audit.service';
import { CLI } from '../modules/auth/viewer';
import { importIndicatorsFromFile } from '../modules/import/indicator-file';
import { importReportFromFile } from '../modules/import/report-import.service';
import { proposeFromFile } from '../modules/propose/propose-file';

const USAGE = `usage: npm run import -- report <file.json>
       npm run import -- indicators <file.json>
       npm run import -- records <${recordFiles.map((f) => f.name).join('|')}> <file.csv>
       npm run import -- propose <report.txt> --county <code> --year <year> [--out <draft.json>]`;

function printIssues(err: DomainError): void {
  console.error(`import: ${err.message}`);
  const issues = (err.extensions.issues ?? []) as { position?: string; field?: string; row?: number; column?: string; message: string }[];
  for (const i of issues) {
    const where = i.position !== undefined ? `${i.position}${i.field ? ` ${i.field}` : ''}` : `${i.row ? `row ${i.row}` : 'file'}${i.column ? `, ${i.column}` : ''}`;
    console.error(`  ${where}: ${i.message}`);
  }
}

async function main(): Promise<number> {
  const [kind, a, b] = process.argv.slice(2);
  if (kind === 'propose') return propose(process.argv.slice(3));
  const spec = kind === 'records' ? recordFile(a) : undefined;
  const file = kind === 'report' || kind === 'indicators' ? a : b;
  if (!file || (kind !== 'report' && kind !== 'indicators' && !spec)) {
    console.error(USAGE);
    return 2;
  }
  // Imports may run long and wait behind a refresh: an hour's statement and lock timeout.
  return withDatabase({ statementTimeoutMs: 3_600_000, lockTimeoutMs: 3_600_000 }, async (db) => {
    if (kind === 'indicators') {
      const result = await importIndicatorsFromFile(db, file);
      console.log(`${result.created.length} indicators added${result.created.length ? ` (${result.created.join(', ')})` : ''}, ${result.revised.length} revised${result.revised.length ? ` (${result.revised.join(', ')})` : ''}, ${result.unchanged.length} already in the catalogue`);
    } else if (kind === 'report') {
      const result = await importReportFromFile(db, file);
      console.log(`${result.status}: report ${result.reportId} revision ${result.revision}, ${result.figures} figures`);
      if (result.changes) console.log(`changes: ${JSON.stringify(result.changes)}`);
    } else {
      const { size } = await stat(file);
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing {bar} {percentage}% | {value}/{total} bytes' }, Presets.shades_classic) : null;
      bar?.start(size, 0);
      const result = await importRecordFile(db, spec!, file, {
        onProgress: (bytes) => bar?.update(Math.min(bytes, size)),
        audit: (tx, r) => recordAudit(tx, CLI, `importRecords:${spec!.name}`, null, r.inserted + r.updated, { file, rows: r.rows, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged }),
      });
      bar?.stop();
      if (result.encodingNote) console.log(`note: ${result.encodingNote}`);
      console.log(`${result.rows} rows: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged`);
    }
    return 0;
  });
}

/** Opens the configured database (migrated), runs `work`, and reports a file's problems as the exit code 1. */
async function withDatabase(options: { statementTimeoutMs?: number; lockTimeoutMs?: number }, work: (db: Db) => Promise<number>): Promise<number> {
  const handle = await openDatabase(loadConfig());
  const orm = await initORM({ url: handle.url, ...options });
  try {
    await withSetupLock(handle.url, () => migrate(orm));
    return await work(new Db(orm));
  } catch (err) {
    if (err instanceof DomainError) {
      printIssues(err);
      return 1;
    }
    throw err;
  } finally {
    await orm.close(true);
    await handle.release();
  }
}

/** Proposals from a report's text (issue 15): a review list on stdout, the draft report file with --out. */
async function propose(args: string[]): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((x, i) => !x.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  const county = option('county');
  const year = Number(option('year'));
  if (!file || !county || !option('year')) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase({}, async (db) => {
    const { lines } = await proposeFromFile(db, { file, areaCode: county, year, out: option('out') });
    for (const line of lines) console.log(line);
    return 0;
  });
}

main().then((code) => process.exit(code), (err) => {
  console.error(`import: ${(err as Error).message}`);
  process.exit(1);
});
