import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../src/db/db';
import { seedsDir } from '../src/paths';
import { importReport, readReportFile, type ImportResult } from '../src/modules/import/report-import.service';
import type { ReportFile } from '../src/modules/report/report-file';

export const reportsDir = path.join(seedsDir, 'data', 'reports');

/** Every published report under seeds/data/reports: all validated first, then imported. */
export async function seedReports(db: Queryable, dir = reportsDir): Promise<ImportResult[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const parsed: ReportFile[] = [];
  for (const f of files) parsed.push(await readReportFile(path.join(dir, f), db));
  const results: ImportResult[] = [];
  for (const file of parsed) results.push(await importReport(db, file, 'seed', 'PUBLISHED'));
  return results;
}
