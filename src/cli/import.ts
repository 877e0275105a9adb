/**
 * npm run import -- report path/to/report.json
 * npm run import -- indicators path/to/indicators.json
 * npm run import -- records cases|officers|litigation path/to/file.csv
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

const USAGE = `usage: npm run import -- report <file.json>
       npm run import -- indicators <file.json>
       npm run import -- records <${recordFiles.map((f) => f.name).join('|')}> <file.csv>`;

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
  const spec = kind === 'records' ? recordFile(a) : undefined;
  const file = kind === 'report' || kind === 'indicators' ? a : b;
  if (!file || (kind !== 'report' && kind !== 'indicators' && !spec)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const handle = await openDatabase(config);
  const orm = await initORM({ url: handle.url, statementTimeoutMs: 3_600_000, lockTimeoutMs: 3_600_000 });
  try {
    await withSetupLock(handle.url, () => migrate(orm));
    const db = new Db(orm);
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

main().then((code) => process.exit(code), (err) => {
  console.error(`import: ${(err as Error).message}`);
  process.exit(1);
});
