/**
 * Importing record files (CSV), streaming: rows are parsed and checked one by one and copied
 * into a staging table, never held in memory; then set-based checks (duplicates within the
 * file, references that do not resolve) and one upsert by natural key. Everything runs in one
 * transaction: any problem, or a killed process, leaves nothing behind.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Db, Transaction } from '../../db/db';
import { sql } from '../../db/sql';
import { DomainError, ErrorCode, ForbiddenError } from '../../errors';
import { CopyWriter } from '../../db/copy';
import { damagedText, implausibleDate, markLoneSurrogates } from '../../common/invariants';
import { isIsoDate } from '../../common/dates';
import { yuanToFen } from '../../common/money';
import { ensureCounty } from '../geography/ensure-county';
import { EncodingError, detectEncoding } from './encoding';
import type { Column, RecordFileSpec } from './record-files';
import { refreshSummaries } from '../../analytics/summaries/freshness';

export interface RowIssue {
  row: number;
  column: string;
  message: string;
}

const MAX_REPORTED = 100;

export class RecordImportError extends DomainError {
  constructor(readonly issues: RowIssue[], total: number, label: string) {
    const first = issues[0];
    super(ErrorCode.BAD_USER_INPUT,
      `${label}: ${total} problem${total === 1 ? '' : 's'}; nothing was imported. First: ${first.row ? `row ${first.row}, ` : ''}${first.column ? `column ${first.column}: ` : ''}${first.message}`,
      { issues, totalIssues: total });
  }
}

export interface RecordImportResult {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encodingNote: string | null;
}

export interface RecordImportOptions {
  label: string;
  /** Only rows of these counties may be written (an editor's scope); undefined: any. */
  allowedCounties?: string[];
  onProgress?: (bytes: number) => void;
  /** Runs in the import's transaction before it commits (the audit log entry). */
  audit?: (tx: Transaction, result: RecordImportResult) => Promise<void>;
}

const CODE = /^[0-9A-Za-z_-]+$/;

function checkCell(col: Column, raw: string): string | null {
  const v = raw.trim();
  if (v === '') return col.required ? 'is required' : null;
  if (col.max && v.length > col.max) return `is longer than ${col.max} characters`;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return 'contains control characters';
  const damaged = damagedText(v);
  if (damaged) return damaged;
  const t = col.type;
  if (t === 'code' && !CODE.test(v)) return `"${v.slice(0, 40)}" is not a code`;
  if (t === 'date') {
    if (!isIsoDate(v)) return `"${v.slice(0, 40)}" is not a date YYYY-MM-DD`;
    const implausible = implausibleDate(v);
    if (implausible) return implausible;
  }
  if (t === 'money' && 'problem' in yuanToFen(v, { nonNegative: true })) return `"${v.slice(0, 40)}" is not an amount in yuan with at most two decimals`;
  if (t === 'int' && !/^\d{1,9}$/.test(v)) return `"${v.slice(0, 40)}" is not a whole number`;
  if (t === 'bool' && !['true', 'false'].includes(v.toLowerCase())) return `"${v.slice(0, 40)}" is not true or false`;
  if (typeof t === 'object' && !Object.values(t.enum).includes(v)) return `"${v.slice(0, 40)}" is not one of ${Object.values(t.enum).join(', ')}`;
  return null;
}

/** Opens a text stream of the file (converted to UTF-8 when it is GBK) once the caller is ready to read it. */
async function openFile(file: string, onProgress?: (bytes: number) => void): Promise<{ open: () => Readable; note: string | null }> {
  const { size } = await stat(file);
  if (size === 0) throw new RecordImportError([{ row: 0, column: '', message: 'the file is empty' }], 1, path.basename(file));
  let detected;
  try {
    detected = await detectEncoding(file);
  } catch (err) {
    if (err instanceof EncodingError) throw new RecordImportError([{ row: 0, column: '', message: err.message }], 1, path.basename(file));
    throw err;
  }
  const open = () => {
    let bytes = 0;
    const counted = createReadStream(file).pipe(new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        onProgress?.(bytes);
        done(null, chunk);
      },
    }));
    return detected.encoding === 'gb18030' ? (counted.pipe(iconv.decodeStream('gb18030')) as unknown as Readable) : counted.setEncoding('utf8');
  };
  return { open, note: detected.note };
}

async function stage(tx: Transaction, spec: RecordFileSpec, open: () => Readable, opts: RecordImportOptions, issues: RowIssue[]): Promise<{ rows: number; problems: number; staged: boolean }> {
  const names = spec.columns.map((c) => c.name);
  await tx.client.query(`CREATE TEMP TABLE staging (row_no int, ${names.map((n) => `"${n}" text`).join(', ')}) ON COMMIT DROP`);
  const writer = CopyWriter.open(tx.client, 'staging', ['row_no', ...names]);
  let problems = 0;
  const outOfScope: number[] = [];
  const report = (issue: RowIssue) => {
    problems += 1;
    if (issues.length < MAX_REPORTED) issues.push(issue);
  };
  const parser = open().pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false, max_record_size: 100_000 }));
  let line = 0;
  let rows = 0;
  let unreadable = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1;
      if (line === 1) {
        const header = record.map((h) => h.trim());
        if (header.join(',') !== names.join(',')) {
          report({ row: 1, column: '', message: `the header must be exactly: ${names.join(',')} (got: ${header.join(',').slice(0, 300)})` });
          break;
        }
        continue;
      }
      rows += 1;
      if (record.length !== names.length) {
        report({ row: line, column: '', message: `has ${record.length} cells, expected ${names.length}` });
        continue;
      }
      const cells = record.map((c) => c.trim());
      const bad = new Set<string>();
      spec.columns.forEach((col, i) => {
        const problem = checkCell(col, cells[i]);
        if (problem) {
          bad.add(col.name);
          report({ row: line, column: col.name, message: problem });
        }
      });
      const byName = Object.fromEntries(names.map((n, i) => [n, cells[i]]));
      for (const rule of spec.rowRules) {
        if (rule.reads.some((c) => bad.has(c))) continue;
        const problem = rule.check(byName);
        if (problem) report({ row: line, ...problem });
      }
      if (opts.allowedCounties && !opts.allowedCounties.includes(cells[0])) outOfScope.push(line);
      // Staging keeps even bad rows' text: the set-based checks below only run when there are none.
      await writer.write([line, ...cells.map((c, i) => (c === '' ? (names[i] === 'source' ? opts.label : null) : c))]);
    }
  } catch (err) {
    const message = (err as Error).message?.split('\n')[0] ?? 'unreadable';
    report({ row: line + 1, column: '', message: `not a readable CSV file here (${message})` });
    unreadable = true;
  }
  await writer.end();
  if (outOfScope.length) {
    throw new ForbiddenError(`Your key may write only county ${opts.allowedCounties!.join(', ')}; rows ${outOfScope.slice(0, 20).join(', ')}${outOfScope.length > 20 ? '…' : ''} are of another county. Nothing was imported.`, { rows: outOfScope.slice(0, MAX_REPORTED) });
  }
  // Rows were staged under the right header: the set-based checks can read them.
  const staged = rows > 0 && !unreadable && line > 0;
  if (unreadable) return { rows, problems, staged };
  if (line === 0) report({ row: 0, column: '', message: 'the file has no header and no rows' });
  else if (rows === 0 && problems === 0) report({ row: 0, column: '', message: 'the file has a header but no rows' });
  return { rows, problems, staged };
}

/** A county GB/T 2260 knows but the platform does not hold yet is created, as a report naming it would be (rolled back with the file). */
async function createNamedCounties(tx: Transaction): Promise<void> {
  const missing = await tx.query<{ code: string }>(sql`
    SELECT DISTINCT s.county_code AS code FROM staging s WHERE s.county_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM county c WHERE c.code = s.county_code)`);
  for (const { code } of missing) await ensureCounty(tx, code);
}

async function setChecks(tx: Transaction, spec: RecordFileSpec, issues: RowIssue[]): Promise<number> {
  let problems = 0;
  const add = (list: RowIssue[]) => {
    problems += list.length;
    for (const i of list) if (issues.length < MAX_REPORTED) issues.push(i);
  };
  const key = spec.key.map((k) => `s."${k}"`).join(', ');
  const dup = await tx.client.query<{ row_no: number; first: number }>(`
    SELECT row_no, first FROM (SELECT row_no, min(row_no) OVER (PARTITION BY ${key}) AS first FROM staging s) d WHERE row_no <> first ORDER BY row_no LIMIT ${MAX_REPORTED}`);
  add(dup.rows.map((r) => ({ row: r.row_no, column: spec.key[1], message: `duplicates row ${r.first} (same ${spec.key.join(' + ')})` })));
  for (const ref of spec.references) {
    const bad = await tx.client.query<{ row_no: number }>(`SELECT row_no FROM staging s WHERE ${ref.missing} ORDER BY row_no LIMIT ${MAX_REPORTED}`);
    add(bad.rows.map((r) => ({ row: r.row_no, column: ref.column, message: ref.message })));
  }
  return problems;
}

/**
 * Rows of a partitioned table whose natural key is held with another date: updated in place (all
 * columns, so the upsert then finds them unchanged). Returns how many moved.
 */
async function moveRedated(tx: Transaction, spec: RecordFileSpec, naturalKey: string[]): Promise<number> {
  if (!spec.partitionDate) return 0;
  const q = (c: string) => `"${c}"`;
  const set = spec.insertColumns.filter((c) => !naturalKey.includes(c));
  const { rowCount } = await tx.client.query(`
    WITH src (${spec.insertColumns.map(q).join(', ')}) AS (SELECT ${spec.select} FROM staging s ${spec.from})
    UPDATE ${q(spec.table)} t SET ${set.map((c) => `${q(c)} = src.${q(c)}`).join(', ')}
      FROM src WHERE ${naturalKey.map((c) => `t.${q(c)} = src.${q(c)}`).join(' AND ')} AND t.${q(spec.partitionDate)} <> src.${q(spec.partitionDate)}`);
  return rowCount ?? 0;
}

/**
 * Insert or update by the natural key. Inserted and updated rows are told apart by whether the key
 * was held before the statement (its snapshot): `xmax = 0` cannot be read from a partitioned table.
 */
async function upsert(tx: Transaction, spec: RecordFileSpec): Promise<{ inserted: number; updated: number }> {
  const naturalKey = spec.conflict ?? ['county_id', ...spec.key.slice(1)];
  const moved = await moveRedated(tx, spec, naturalKey);
  const conflict = spec.partitionDate ? [...naturalKey, spec.partitionDate] : naturalKey;
  const updatable = spec.insertColumns.filter((c) => !conflict.includes(c));
  const { rows } = await tx.client.query<{ inserted: string; updated: string }>(`
    WITH up AS (
      INSERT INTO "${spec.table}" (${spec.insertColumns.map((c) => `"${c}"`).join(', ')})
      SELECT ${spec.select} FROM staging s ${spec.from}
      ON CONFLICT (${conflict.map((c) => `"${c}"`).join(', ')}) DO UPDATE SET ${updatable.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}
      WHERE (${updatable.filter((c) => c !== 'source').map((c) => `"${spec.table}"."${c}"`).join(', ')}) IS DISTINCT FROM (${updatable.filter((c) => c !== 'source').map((c) => `EXCLUDED."${c}"`).join(', ')})
      RETURNING ${conflict.map((c) => `"${c}"`).join(', ')})
    SELECT count(*) FILTER (WHERE NOT held) AS inserted, count(*) FILTER (WHERE held) AS updated
      FROM (SELECT EXISTS (SELECT 1 FROM "${spec.table}" o WHERE ${conflict.map((c) => `o."${c}" = up."${c}"`).join(' AND ')}) AS held FROM up) r`);
  return { inserted: Number(rows[0].inserted), updated: Number(rows[0].updated) + moved };
}

/**
 * The upsert, with a CHECK violation (a row the validation above should have refused) reported as
 * the file's problem naming the constraint, not as an internal error.
 */
async function upsertChecked(tx: Transaction, spec: RecordFileSpec, label: string): Promise<{ inserted: number; updated: number }> {
  try {
    return await upsert(tx, spec);
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code !== '23514') throw err;
    throw new RecordImportError([{ row: 0, column: '', message: `a row breaks the database constraint ${e.constraint ?? '(unnamed)'}` }], 1, label);
  }
}

async function run(db: Db, spec: RecordFileSpec, open: () => Readable, opts: RecordImportOptions, note: string | null): Promise<RecordImportResult> {
  return db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`records:${spec.table}`}))`);
    const issues: RowIssue[] = [];
    const { rows, problems, staged } = await stage(tx, spec, open, opts, issues);
    if (staged) await createNamedCounties(tx);
    // Duplicates and references are checked even when cells were bad: a file's problems come in one pass.
    const setProblems = staged ? await setChecks(tx, spec, issues) : 0;
    if (problems + setProblems) throw new RecordImportError(issues, problems + setProblems, opts.label);
    const { inserted, updated } = await upsertChecked(tx, spec, opts.label);
    // The triggers marked the counties written; refreshing here keeps the next read fast.
    if (inserted + updated > 0) await refreshSummaries(tx);
    const result = { rows, inserted, updated, unchanged: rows - inserted - updated, encodingNote: note };
    await opts.audit?.(tx, result);
    return result;
  });
}

/** Import a CSV file from disk (the CLI). */
export async function importRecordFile(db: Db, spec: RecordFileSpec, file: string, opts: Omit<RecordImportOptions, 'label'> & { label?: string }): Promise<RecordImportResult> {
  const label = opts.label ?? path.basename(file);
  const { open, note } = await openFile(file, opts.onProgress);
  return run(db, spec, open, { ...opts, label }, note);
}

/** Import CSV text (the importRecords mutation). */
export function importRecordText(db: Db, spec: RecordFileSpec, text: string, opts: RecordImportOptions): Promise<RecordImportResult> {
  // Streaming encodes the text as UTF-8: lone surrogates would silently become U+FFFD; keep them visible.
  const marked = markLoneSurrogates(text);
  return run(db, spec, () => Readable.from([marked]), opts, null);
}
