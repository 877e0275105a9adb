/**
 * The report file format (rule-of-law-report/v1), documented in the README ("Add a county"),
 * and its validation. Validation collects every problem at once, each with its position
 * (`report`, `figures[3]`) and field, before anything is written.
 */
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '../../errors';
import { AreaLevel, DocumentType, Transcription } from './report.entity';
import { Qualifier } from './figure.entity';
import { quoteStatesValue } from './quote';
import { damagedText, implausibleDate } from '../../common/invariants';
import { isIsoDate } from '../../common/dates';

export const REPORT_FORMAT = 'rule-of-law-report/v1';

export interface ReportHeader {
  areaCode: string;
  areaName: string;
  areaLevel: AreaLevel;
  year: number;
  documentType: DocumentType;
  title: string;
  publisher: string | null;
  publishedOn: string | null;
  sourceUrl: string | null;
  coverage: string;
  transcription: Transcription;
}

export interface FigureEntry {
  indicator: string;
  value: number;
  unit: string;
  qualifier: Qualifier;
  breakdown: Record<string, string>;
  quote: string;
  note: string | null;
}

export interface ReportFile {
  report: ReportHeader;
  figures: FigureEntry[];
  /** sha256 of the normalised content: the same content imports as "unchanged". */
  contentHash: string;
}

export interface ImportIssue {
  position: string;
  field: string;
  message: string;
}

/** Every problem of a file, reported together; nothing was written. */
export class ImportValidationError extends DomainError {
  constructor(readonly issues: ImportIssue[], readonly fileLabel?: string) {
    super(
      ErrorCode.BAD_USER_INPUT,
      `${fileLabel ? `${fileLabel}: ` : ''}${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was imported. First: ${issues[0].position} ${issues[0].field}: ${issues[0].message}`,
      { issues },
    );
  }
}

export interface CatalogueEntry {
  unit: string;
  unitAliases: string[];
  /** Fact name when records can compute it: breakdown keys must be that fact's dimensions. */
  fact: string | null;
}

export interface ValidationContext {
  indicators: Map<string, CatalogueEntry>;
  /** Name of a valid GB/T 2260 code at that level, or undefined. */
  areaName(code: string, level: AreaLevel): string | undefined;
  /** Allowed breakdown keys and values per fact. */
  breakdowns: Record<string, Record<string, readonly string[]>>;
  /** The document's full text, when available: every quote must be a verbatim part of it. */
  sourceText?: string;
  currentYear: number;
}

/** A breakdown name of an indicator without a fact (free dimensions): an identifier. */
const BREAKDOWN_KEY = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hashContent(report: ReportHeader, figures: FigureEntry[]): string {
  return createHash('sha256').update(JSON.stringify({ report, figures })).digest('hex');
}

/** Deepest nesting of arrays and objects a report file may have (the format itself needs 4). */
export const MAX_REPORT_DEPTH = 32;

/**
 * Refuses JSON nested deeper than MAX_REPORT_DEPTH, without recursion (a 200,000-deep value would
 * overflow the stack of anything recursive: JSON.stringify, validation).
 */
export function assertReportDepth(raw: unknown, fileLabel?: string): void {
  const stack: [unknown, number][] = [[raw, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_REPORT_DEPTH) {
      throw new ImportValidationError([{ position: 'file', field: '', message: `is nested deeper than ${MAX_REPORT_DEPTH} levels` }], fileLabel);
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

/** Validate parsed JSON; throws ImportValidationError listing every problem. */
export function validateReportFile(raw: unknown, ctx: ValidationContext, fileLabel?: string): ReportFile {
  const issues: ImportIssue[] = [];
  const issue = (position: string, field: string, message: string) => issues.push({ position, field, message });

  if (!isObject(raw)) throw new ImportValidationError([{ position: 'file', field: '', message: 'must be a JSON object' }], fileLabel);
  assertReportDepth(raw, fileLabel);
  if (raw.format !== REPORT_FORMAT) issue('file', 'format', `must be "${REPORT_FORMAT}"`);
  const r = isObject(raw.report) ? raw.report : {};
  if (!isObject(raw.report)) issue('report', '', 'is missing');

  const str = (field: string, required: boolean, max = 2000): string | null => {
    const v = r[field];
    if (v === undefined || v === null || v === '') {
      if (required) issue('report', field, 'is required');
      return null;
    }
    if (typeof v !== 'string') {
      issue('report', field, 'must be a string');
      return null;
    }
    if (v.length > max) issue('report', field, `is longer than ${max} characters`);
    const damaged = damagedText(v);
    if (damaged) issue('report', field, damaged);
    return v;
  };

  const areaLevel = (r.areaLevel ?? 'COUNTY') as AreaLevel;
  if (!Object.values(AreaLevel).includes(areaLevel)) issue('report', 'areaLevel', `must be one of ${Object.values(AreaLevel).join(', ')}`);
  const areaCode = str('areaCode', true, 6) ?? '';
  let areaName = str('areaName', false, 100);
  if (areaCode && !/^\d{6}$/.test(areaCode)) issue('report', 'areaCode', `"${areaCode}" is not a six-digit GB/T 2260 code`);
  else if (areaCode) {
    const known = ctx.areaName(areaCode, areaLevel);
    if (!known) issue('report', 'areaCode', `${areaCode} is not a valid GB/T 2260 ${areaLevel === AreaLevel.CITY ? 'city' : 'county-level'} code`);
    areaName ??= known ?? null;
  }
  const year = r.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > ctx.currentYear) {
    issue('report', 'year', `must be a whole year between 2000 and ${ctx.currentYear}`);
  }
  const documentType = (r.documentType ?? DocumentType.RULE_OF_LAW_REPORT) as DocumentType;
  if (!Object.values(DocumentType).includes(documentType)) issue('report', 'documentType', `must be one of ${Object.values(DocumentType).join(', ')}`);
  const title = str('title', true, 500);
  const publishedOn = str('publishedOn', false, 10);
  if (publishedOn && !isIsoDate(publishedOn)) issue('report', 'publishedOn', 'must be a date YYYY-MM-DD');
  else if (publishedOn && implausibleDate(publishedOn)) issue('report', 'publishedOn', implausibleDate(publishedOn)!);
  else if (publishedOn && typeof year === 'number' && publishedOn < `${year}-01-01`) issue('report', 'publishedOn', `${publishedOn} is before the report's year ${year} began`);
  const sourceUrl = str('sourceUrl', false, 2000);
  if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) issue('report', 'sourceUrl', 'must be an http(s) address');
  const coverage = str('coverage', true, 2000);
  // PARTIAL unless the file says every number was transcribed: a gap then cannot be read as "not in the report".
  const transcription = (r.transcription ?? Transcription.PARTIAL) as Transcription;
  if (!Object.values(Transcription).includes(transcription)) issue('report', 'transcription', `must be one of ${Object.values(Transcription).join(', ')}`);
  const publisher = str('publisher', false, 200);

  const figures: FigureEntry[] = [];
  if (!Array.isArray(raw.figures) || raw.figures.length === 0) issue('figures', '', 'must be a non-empty list');
  else if (raw.figures.length > 10000) issue('figures', '', 'has more than 10000 entries');
  else {
    const seen = new Map<string, number>();
    raw.figures.forEach((f: unknown, i: number) => {
      const pos = `figures[${i}]`;
      if (!isObject(f)) return issue(pos, '', 'must be an object');
      const indicatorCode = typeof f.indicator === 'string' ? f.indicator : '';
      const entry = ctx.indicators.get(indicatorCode);
      if (!indicatorCode) issue(pos, 'indicator', 'is required');
      else if (!entry) issue(pos, 'indicator', `unknown indicator "${indicatorCode.slice(0, 60)}"`);
      const value = f.value;
      const numeric = typeof value === 'number' && Number.isFinite(value);
      if (!numeric) issue(pos, 'value', 'must be a number');
      else if (Math.abs(value) >= 1e16) issue(pos, 'value', 'is out of range');
      else if (value < 0) issue(pos, 'value', `${value} is negative: published figures are counts, amounts and rates`);
      const unit = typeof f.unit === 'string' ? f.unit : '';
      if (!unit) issue(pos, 'unit', 'is required');
      else if (entry && unit !== entry.unit && !entry.unitAliases.includes(unit)) {
        issue(pos, 'unit', `"${unit}" does not match indicator ${indicatorCode} (unit ${[entry.unit, ...entry.unitAliases].join(' or ')})`);
      }
      const qualifier = (f.qualifier ?? Qualifier.EXACT) as Qualifier;
      if (!Object.values(Qualifier).includes(qualifier)) issue(pos, 'qualifier', `must be one of ${Object.values(Qualifier).join(', ')}`);
      const quote = typeof f.quote === 'string' ? f.quote.trim() : '';
      const damagedQuote = quote ? damagedText(quote) : null;
      if (!quote) issue(pos, 'quote', 'is required: the exact words of the source');
      else if (damagedQuote) issue(pos, 'quote', damagedQuote);
      else if (quote.length > 2000) issue(pos, 'quote', 'is longer than 2000 characters');
      else {
        if (numeric && !quoteStatesValue(quote, value)) issue(pos, 'value', `${value} does not appear in its quote`);
        if (ctx.sourceText !== undefined && !ctx.sourceText.includes(quote)) issue(pos, 'quote', 'is not a verbatim part of the source text');
      }
      // Keys are looked up among own properties only (a Map): "valueOf", "constructor" or
      // "__proto__" are unknown keys like any other, never members inherited from Object.prototype.
      const breakdown: Record<string, string> = Object.create(null) as Record<string, string>;
      if (f.breakdown !== undefined && f.breakdown !== null) {
        if (!isObject(f.breakdown)) issue(pos, 'breakdown', 'must be an object of dimension: value');
        else {
          const factKeys = entry?.fact && Object.hasOwn(ctx.breakdowns, entry.fact) ? ctx.breakdowns[entry.fact] : entry?.fact ? {} : undefined;
          const allowed = factKeys ? new Map(Object.entries(factKeys)) : undefined;
          for (const [key, v] of Object.entries(f.breakdown)) {
            const values = allowed?.get(key);
            if (key.length > 60) issue(pos, `breakdown.${key.slice(0, 60)}…`, "is longer than 60 characters");
            else if (!allowed && (!BREAKDOWN_KEY.test(key) || Object.hasOwn(Object.prototype, key))) issue(pos, `breakdown.${key}`, 'is not a breakdown name (letters and digits, starting with a letter; not a name of Object.prototype)');
            else if (allowed && !values) issue(pos, `breakdown.${key}`, `is not a breakdown of ${indicatorCode} (allowed: ${[...allowed.keys()].join(', ') || 'none'})`);
            else if (typeof v !== 'string' || v.length > 100) issue(pos, `breakdown.${key}`, 'must be a string');
            else if (damagedText(v)) issue(pos, `breakdown.${key}`, damagedText(v)!);
            else if (values && values.length > 0 && !values.includes(v)) issue(pos, `breakdown.${key}`, `"${v}" is not one of ${values.join(', ')}`);
            else breakdown[key] = v;
          }
        }
      }
      const note = typeof f.note === 'string' ? f.note : null;
      if (note && damagedText(note)) issue(pos, 'note', damagedText(note)!);
      const key = `${indicatorCode}${JSON.stringify(Object.entries(breakdown).sort())}`;
      if (seen.has(key)) issue(pos, 'indicator', `duplicates figures[${seen.get(key)}] (same indicator and breakdown)`);
      else seen.set(key, i);
      if (numeric) figures.push({ indicator: indicatorCode, value, unit, qualifier, breakdown, quote, note });
    });
  }

  if (issues.length) throw new ImportValidationError(issues, fileLabel);
  const report: ReportHeader = {
    areaCode, areaName: areaName ?? areaCode, areaLevel, year: year as number, documentType, title: title!,
    publisher, publishedOn, sourceUrl, coverage: coverage!, transcription,
  };
  return { report, figures, contentHash: hashContent(report, figures) };
}
