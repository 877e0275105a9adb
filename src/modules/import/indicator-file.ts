/**
 * An open catalogue (issue 13.1): indicators come in files of their own
 * (`rule-of-law-indicators/v1`) or inside the report file that needs them (`indicators`), are
 * validated like everything else (a definition names a fact, one of its measures and a filter its
 * records accept) and are added by code. A code already in the catalogue with another content is
 * refused unless the entry says it `revises` the current revision and why (`changeNote`): then it
 * becomes the next revision, the earlier ones stay readable, and figures keep the revision they
 * were transcribed under.
 */
import { measuresOf } from '../../analytics/measures';
import { factByKey } from '../../analytics/facts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Queryable } from '../../db/db';
import { sql } from '../../db/sql';
import { DomainError } from '../../errors';
import { compileFilter } from '../../query/filter-sql';
import { ImportValidationError, type ImportIssue } from '../report/report-file';
import type { IndicatorDefinition } from '../report/indicator.entity';
import { recordAudit } from '../auth/audit.service';
import { CLI } from '../auth/viewer';

export const INDICATORS_FORMAT = 'rule-of-law-indicators/v1';

export interface IndicatorEntry {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitAliases: string[];
  family: string;
  description: string;
  descriptionZh: string;
  comparability: string;
  comparabilityZh: string;
  definition: IndicatorDefinition | null;
  /** The revision this entry replaces (a deliberate redefinition), with why. */
  revises: number | null;
  changeNote: string | null;
}

const CODE = /^[A-Z][A-Z0-9_]{2,59}$/;
const FAMILY = /^[a-z][a-z0-9_]{1,39}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Entries of an `indicators` list, and every problem with their positions (`indicators[2] unit: …`). */
export function validateIndicators(raw: unknown, position = 'indicators'): { entries: IndicatorEntry[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const entries: IndicatorEntry[] = [];
  if (!Array.isArray(raw)) return { entries, issues: [{ position, field: '', message: 'must be a list' }] };
  if (raw.length > 1000) return { entries, issues: [{ position, field: '', message: 'has more than 1000 entries' }] };
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const pos = `${position}[${i}]`;
    const issue = (field: string, message: string) => issues.push({ position: pos, field, message });
    if (!isObject(item)) return issue('', 'must be an object');
    const text = (field: string, max: number, optional = false): string => {
      const v = item[field];
      if (optional && (v === undefined || v === null)) return '';
      if (typeof v !== 'string' || !v.trim()) issue(field, 'is required');
      else if (v.length > max) issue(field, `is longer than ${max} characters`);
      return typeof v === 'string' ? v.trim() : '';
    };
    const code = text('code', 60);
    if (code && !CODE.test(code)) issue('code', `"${code}" is not an UPPER_SNAKE code (e.g. PUBLIC_LEGAL_SERVICE_CENTRES)`);
    if (seen.has(code)) issue('code', `${code} is listed twice`);
    seen.add(code);
    const entry: IndicatorEntry = {
      code, nameZh: text('nameZh', 200), nameEn: text('nameEn', 200), unit: text('unit', 16),
      unitAliases: [], family: text('family', 40), description: text('description', 2000), descriptionZh: text('descriptionZh', 2000),
      comparability: text('comparability', 2000, true), comparabilityZh: text('comparabilityZh', 2000, true), definition: null,
      revises: null, changeNote: text('changeNote', 2000, true) || null,
    };
    if (item.revises !== undefined && item.revises !== null) {
      if (!Number.isInteger(item.revises) || (item.revises as number) < 1 || (item.revises as number) > 10000) issue('revises', 'must be the revision number it replaces (1, 2, …)');
      else entry.revises = item.revises as number;
      if (!entry.changeNote) issue('changeNote', 'is required with revises: say why the definition changes');
    }
    if (entry.family && !FAMILY.test(entry.family)) issue('family', `"${entry.family}" is not a lower_snake family (e.g. legal_services)`);
    const aliases = item.unitAliases ?? [];
    if (!Array.isArray(aliases) || aliases.length > 10 || aliases.some((a) => typeof a !== 'string' || !a || a.length > 16)) issue('unitAliases', 'must be a list of at most 10 units');
    else entry.unitAliases = aliases as string[];
    if (item.definition !== undefined && item.definition !== null) entry.definition = checkDefinition(item.definition, issue);
    entries.push(entry);
  });
  return { entries, issues };
}

/** A definition computes the indicator from records: a known fact, one of its measures, a filter its records accept. */
function checkDefinition(raw: unknown, issue: (field: string, message: string) => void): IndicatorDefinition | null {
  if (!isObject(raw)) {
    issue('definition', 'must be an object { fact, measure, filter? }');
    return null;
  }
  const fact = typeof raw.fact === 'string' ? factByKey(raw.fact) : undefined;
  if (!fact) {
    issue('definition.fact', `unknown fact "${String(raw.fact).slice(0, 40)}"`);
    return null;
  }
  if (typeof raw.measure !== 'string' || !measuresOf(fact).has(raw.measure)) issue('definition.measure', `${fact.key} has no measure "${String(raw.measure).slice(0, 40)}"`);
  if (raw.filter !== undefined) {
    try {
      compileFilter(fact.entity, raw.filter, { argument: 'definition.filter', allowPersonal: false });
    } catch (err) {
      issue('definition.filter', err instanceof DomainError ? err.message : 'is not a filter of the fact');
    }
  }
  return raw as unknown as IndicatorDefinition;
}

/** JSON with object keys sorted at every level: jsonb keeps its own key order, so compare canonical forms. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** The content that fixes an indicator's meaning, comparable between a file and the catalogue. */
function meaning(e: Omit<IndicatorEntry, 'code' | 'revises' | 'changeNote'>): string {
  return JSON.stringify(canonical([e.nameZh, e.nameEn, e.unit, [...e.unitAliases].sort(), e.family, e.description, e.descriptionZh, e.comparability, e.comparabilityZh, e.definition ?? null]));
}

interface HeldIndicator {
  code: string; name_zh: string; name_en: string; unit: string; unit_aliases: string[]; family: string;
  description: string; description_zh: string; comparability: string; comparability_zh: string; definition: IndicatorDefinition | null; revision: number;
}

export interface IndicatorImportResult {
  created: string[];
  unchanged: string[];
  /** Codes given a new revision. */
  revised: string[];
}

/**
 * Adds the entries the catalogue does not hold (revision 1); leaves the ones it holds with the
 * same content; makes a deliberate redefinition (`revises` = the current revision) the next
 * revision. Any other difference refuses the whole import (nothing is written).
 */
export async function importIndicators(tx: Queryable, entries: IndicatorEntry[], label = 'indicators'): Promise<IndicatorImportResult> {
  if (!entries.length) return { created: [], unchanged: [], revised: [] };
  const held = new Map((await tx.query<HeldIndicator>(sql`
    SELECT code, name_zh, name_en, unit, unit_aliases, family, description, description_zh, comparability, comparability_zh, definition, revision
      FROM indicator WHERE code = ANY(${entries.map((e) => e.code)}::text[])`)).map((h) => [h.code, h]));
  const heldMeaning = (h: HeldIndicator) => meaning({ nameZh: h.name_zh, nameEn: h.name_en, unit: h.unit, unitAliases: h.unit_aliases, family: h.family, description: h.description, descriptionZh: h.description_zh, comparability: h.comparability, comparabilityZh: h.comparability_zh, definition: h.definition });
  const issues: ImportIssue[] = [];
  const result: IndicatorImportResult = { created: [], unchanged: [], revised: [] };
  entries.forEach((e, i) => {
    const h = held.get(e.code);
    const position = `indicators[${i}]`;
    if (!h) {
      if (e.revises !== null) issues.push({ position, field: 'revises', message: `${e.code} is not in the catalogue, so there is no revision ${e.revises} to replace` });
      else result.created.push(e.code);
    } else if (heldMeaning(h) === meaning(e)) {
      result.unchanged.push(e.code);
    } else if (e.revises === null) {
      issues.push({ position, field: 'code', message: `${e.code} is already in the catalogue (revision ${h.revision}) with another content; figures published against it keep their meaning, so either use a new code or redefine it deliberately with "revises": ${h.revision} and a "changeNote"` });
    } else if (e.revises !== h.revision) {
      issues.push({ position, field: 'revises', message: `${e.code} is at revision ${h.revision}, not ${e.revises}: someone revised it since; read it again and revise revision ${h.revision}` });
    } else {
      result.revised.push(e.code);
    }
  });
  if (issues.length) throw new ImportValidationError(issues, label);
  for (const e of entries) {
    const created = result.created.includes(e.code);
    if (!created && !result.revised.includes(e.code)) continue;
    const revision = created ? 1 : held.get(e.code)!.revision + 1;
    const definition = e.definition ? JSON.stringify(e.definition) : null;
    await tx.query(sql`INSERT INTO indicator (code, name_zh, name_en, unit, unit_aliases, family, description, description_zh, comparability, comparability_zh, definition, revision)
      VALUES (${e.code}, ${e.nameZh}, ${e.nameEn}, ${e.unit}, ${e.unitAliases}::text[], ${e.family}, ${e.description}, ${e.descriptionZh}, ${e.comparability}, ${e.comparabilityZh}, ${definition}::jsonb, ${revision})
      ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, unit = EXCLUDED.unit, unit_aliases = EXCLUDED.unit_aliases,
        family = EXCLUDED.family, description = EXCLUDED.description, description_zh = EXCLUDED.description_zh, comparability = EXCLUDED.comparability,
        comparability_zh = EXCLUDED.comparability_zh, definition = EXCLUDED.definition, revision = EXCLUDED.revision`);
    await tx.query(sql`INSERT INTO indicator_revision (indicator_code, revision, name_zh, name_en, unit, unit_aliases, family, description, description_zh, comparability, comparability_zh, definition, change_note)
      VALUES (${e.code}, ${revision}, ${e.nameZh}, ${e.nameEn}, ${e.unit}, ${e.unitAliases}::text[], ${e.family}, ${e.description}, ${e.descriptionZh}, ${e.comparability}, ${e.comparabilityZh}, ${definition}::jsonb, ${created ? null : e.changeNote})`);
  }
  return result;
}

/** A `rule-of-law-indicators/v1` file's entries, or every problem of it. */
export function parseIndicatorFile(raw: unknown, label: string): IndicatorEntry[] {
  if (!isObject(raw)) throw new ImportValidationError([{ position: 'file', field: '', message: 'must be a JSON object' }], label);
  const issues: ImportIssue[] = raw.format === INDICATORS_FORMAT ? [] : [{ position: 'file', field: 'format', message: `must be "${INDICATORS_FORMAT}"` }];
  const { entries, issues: more } = validateIndicators(raw.indicators);
  issues.push(...more);
  if (issues.length) throw new ImportValidationError(issues, label);
  return entries;
}

/** The CLI path: read a `rule-of-law-indicators/v1` file, validate, import and audit in one transaction. */
export async function importIndicatorsFromFile(db: Db, file: string): Promise<IndicatorImportResult> {
  const label = path.basename(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ImportValidationError([{ position: 'file', field: '', message: `is not readable JSON (${(err as Error).message.slice(0, 120)})` }], label);
  }
  const entries = parseIndicatorFile(raw, label);
  return db.transaction(async (tx) => {
    const result = await importIndicators(tx, entries, label);
    await recordAudit(tx, CLI, 'importIndicators', null, result.created.length + result.revised.length, { file: label, created: result.created, revised: result.revised });
    return result;
  });
}
