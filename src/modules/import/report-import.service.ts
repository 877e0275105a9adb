/**
 * Importing a report: the one code path behind the seeds, the CLI and the importReport mutation.
 * Validation first (every problem at once); then one transaction: the county (created from the
 * GB/T 2260 list when new), the report, its figures and a revision record. Importing the same
 * content again changes nothing; a corrected version replaces the figures and records the diff.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Queryable } from '../../db/db';
import { join, sql } from '../../db/sql';
import { recordAudit } from '../auth/audit.service';
import { CLI } from '../auth/viewer';
import { ensureCounty } from '../geography/ensure-county';
import { importIndicators, validateIndicators, type IndicatorEntry } from './indicator-file';
import { gbt2260 } from '../geography/gbt2260';
import { AreaLevel } from '../report/report.entity';
import { factBreakdowns } from '../../analytics/breakdowns';
import { ImportValidationError, validateReportFile, type FigureEntry, type ReportFile, type ValidationContext } from '../report/report-file';
import type { ReportChanges } from '../report/report-revision.entity';

export type ImportStatus = 'CREATED' | 'UNCHANGED' | 'REVISED';

/** A validated report file with the indicators it brings. */
export type ParsedReport = ReportFile & { indicators: IndicatorEntry[] };

export interface ImportResult {
  status: ImportStatus;
  reportId: number;
  revision: number;
  figures: number;
  changes: ReportChanges | null;
}

export async function loadValidationContext(db: Queryable, sourceText?: string): Promise<ValidationContext> {
  const rows = await db.query<{ code: string; unit: string; unit_aliases: string[]; fact: string | null }>(
    sql`SELECT code, unit, unit_aliases, definition->>'fact' AS fact FROM indicator`);
  const registry = gbt2260();
  return {
    indicators: new Map(rows.map((r) => [r.code, { unit: r.unit, unitAliases: r.unit_aliases, fact: r.fact }])),
    areaName: (code, level) => (level === AreaLevel.CITY ? registry.city(code)?.name : registry.county(code)?.name),
    breakdowns: factBreakdowns,
    sourceText,
    currentYear: new Date().getUTCFullYear(),
  };
}

/** Parse JSON text and validate it; `label` names the file in messages. */
export async function parseReportJson(text: string, db: Queryable, opts: { label?: string; sourceText?: string } = {}): Promise<ParsedReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ImportValidationError([{ position: 'file', field: '', message: `is not valid JSON (${(err as Error).message.slice(0, 120)})` }], opts.label);
  }
  const ctx = await loadValidationContext(db, opts.sourceText);
  // Indicators the file brings (issue 13.1) are known to its figures; the catalogue gets them on import.
  const own = isObject(raw) && raw.indicators !== undefined ? validateIndicators(raw.indicators) : { entries: [], issues: [] };
  for (const e of own.entries) if (!ctx.indicators.has(e.code)) ctx.indicators.set(e.code, { unit: e.unit, unitAliases: e.unitAliases, fact: e.definition?.fact ?? null });
  let file: ReportFile;
  try {
    file = validateReportFile(raw, ctx, opts.label);
  } catch (err) {
    if (err instanceof ImportValidationError && own.issues.length) throw new ImportValidationError([...own.issues, ...err.issues], opts.label);
    throw err;
  }
  if (own.issues.length) throw new ImportValidationError(own.issues, opts.label);
  return { ...file, indicators: own.entries };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Report files are a few kilobytes; anything this large is not one. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

/** Read a report file from disk, with the source text it names (sourceText, relative to the file). */
export async function readReportFile(file: string, db: Queryable): Promise<ParsedReport> {
  const label = path.basename(file);
  const { size } = await stat(file);
  if (size > MAX_REPORT_BYTES) {
    throw new ImportValidationError([{ position: 'file', field: '', message: `is ${(size / 1048576).toFixed(1)} MB; a report file is at most ${MAX_REPORT_BYTES / 1048576} MB` }], label);
  }
  if (size === 0) throw new ImportValidationError([{ position: 'file', field: '', message: 'is empty' }], label);
  const bytes = await readFile(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) {
    throw new ImportValidationError([{ position: 'file', field: '', message: 'is not UTF-8 text (save the JSON as UTF-8)' }], label);
  }
  let sourceText: string | undefined;
  try {
    const ref = (JSON.parse(text) as { report?: { sourceText?: unknown } }).report?.sourceText;
    if (typeof ref === 'string') sourceText = await readFile(path.resolve(path.dirname(file), ref), 'utf8');
  } catch {
    // invalid JSON is reported by parseReportJson
  }
  return parseReportJson(text, db, { label, sourceText });
}

/** The CLI path: read, validate, import and audit in one transaction. */
export async function importReportFromFile(db: Db, file: string): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const parsed = await readReportFile(file, tx);
    const result = await importReport(tx, parsed, CLI.label, 'IMPORTED');
    await recordAudit(tx, CLI, 'importReport', parsed.report.areaCode, result.status === 'UNCHANGED' ? 0 : result.figures,
      { file: path.basename(file), status: result.status, reportId: result.reportId, revision: result.revision, year: parsed.report.year });
    return result;
  });
}

function figureKey(f: { indicator: string; breakdown: Record<string, string> }): string {
  const parts = Object.entries(f.breakdown).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${f.indicator}[${parts.join(',')}]` : f.indicator;
}

function describe(f: { value: number | string; unit: string; qualifier: string }): string {
  return `${Number(f.value)}${f.unit}${f.qualifier === 'EXACT' ? '' : ` (${f.qualifier})`}`;
}

function diff(before: FigureEntry[], after: FigureEntry[]): ReportChanges {
  const old = new Map(before.map((f) => [figureKey(f), f]));
  const now = new Map(after.map((f) => [figureKey(f), f]));
  const changes: ReportChanges = { added: [], removed: [], changed: [] };
  for (const [key, f] of now) {
    const o = old.get(key);
    if (!o) changes.added.push(key);
    else if (describe(o) !== describe(f) || o.quote !== f.quote) changes.changed.push({ key, from: describe(o), to: describe(f) });
  }
  for (const key of old.keys()) if (!now.has(key)) changes.removed.push(key);
  return changes;
}

export async function importReport(tx: Queryable, file: ParsedReport | ReportFile, loadedBy: string, provenance: 'PUBLISHED' | 'IMPORTED'): Promise<ImportResult> {
  const { report, figures, contentHash } = file;
  // The indicators the file brings first: its figures reference them.
  if ('indicators' in file) await importIndicators(tx, file.indicators, 'report');
  // Serialise concurrent imports of the same report.
  await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`report:${report.areaCode}:${report.year}:${report.documentType}`}))`);
  const countyId = report.areaLevel === AreaLevel.COUNTY ? (await ensureCounty(tx, report.areaCode))! : null;
  const [existing] = await tx.query<{ id: number; content_hash: string; revision: number }>(sql`
    SELECT id, content_hash, revision FROM report
     WHERE area_code = ${report.areaCode} AND year = ${report.year} AND document_type = ${report.documentType}`);
  if (existing && existing.content_hash === contentHash) {
    return { status: 'UNCHANGED', reportId: existing.id, revision: existing.revision, figures: figures.length, changes: null };
  }

  let reportId: number;
  let revision = 1;
  let changes: ReportChanges = { added: figures.map(figureKey), removed: [], changed: [] };
  const columns = sql`area_name = ${report.areaName}, area_level = ${report.areaLevel}, county_id = ${countyId}, title = ${report.title},
    publisher = ${report.publisher}, published_on = ${report.publishedOn}, source_url = ${report.sourceUrl}, coverage = ${report.coverage}, transcription = ${report.transcription},
    provenance = ${provenance}, content_hash = ${contentHash}, loaded_at = now()`;
  if (existing) {
    const before = await tx.query<{ indicator_code: string; value: string; unit: string; qualifier: string; breakdown: Record<string, string>; quote: string; note: string | null }>(
      sql`SELECT indicator_code, value, unit, qualifier, breakdown, quote, note FROM figure WHERE report_id = ${existing.id}`);
    changes = diff(before.map((f) => ({ indicator: f.indicator_code, value: Number(f.value), unit: f.unit, qualifier: f.qualifier as FigureEntry['qualifier'], breakdown: f.breakdown, quote: f.quote, note: f.note })), figures);
    revision = existing.revision + 1;
    reportId = existing.id;
    await tx.query(sql`UPDATE report SET ${columns}, revision = ${revision} WHERE id = ${reportId}`);
    await tx.query(sql`DELETE FROM figure WHERE report_id = ${reportId}`);
  } else {
    const [row] = await tx.query<{ id: number }>(sql`
      INSERT INTO report (area_code, area_name, area_level, county_id, year, document_type, title, publisher, published_on, source_url, coverage, transcription, provenance, content_hash, revision)
      VALUES (${report.areaCode}, ${report.areaName}, ${report.areaLevel}, ${countyId}, ${report.year}, ${report.documentType}, ${report.title},
              ${report.publisher}, ${report.publishedOn}, ${report.sourceUrl}, ${report.coverage}, ${report.transcription}, ${provenance}, ${contentHash}, 1)
      RETURNING id`);
    reportId = row.id;
  }
  const rows = figures.map((f, i) => sql`(${reportId}, ${f.indicator}, ${countyId}, ${report.year}, ${String(f.value)}, ${f.unit}, ${f.qualifier}, ${JSON.stringify(f.breakdown)}, ${f.quote}, ${f.note}, ${i + 1})`);
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.query(sql`INSERT INTO figure (report_id, indicator_code, county_id, year, value, unit, qualifier, breakdown, quote, note, position) VALUES ${join(rows.slice(i, i + 1000))}`);
  }
  // Each figure is read under the indicator's revision current at import time.
  await tx.query(sql`UPDATE figure f SET indicator_revision = i.revision FROM indicator i WHERE f.report_id = ${reportId} AND i.code = f.indicator_code`);
  await tx.query(sql`INSERT INTO report_revision (report_id, revision, loaded_by, changes) VALUES (${reportId}, ${revision}, ${loadedBy}, ${JSON.stringify(changes)})`);
  return { status: existing ? 'REVISED' : 'CREATED', reportId, revision, figures: figures.length, changes };
}
