/**
 * Compiles a filter input (the GraphQL shape, also used by indicator definitions) into a SQL
 * condition. Field names and operators come from the declaration; values become parameters.
 */
import { decodeId } from '../common/global-id';
import { isIsoDate } from '../common/dates';
import { BadUserInputError, ForbiddenError } from '../errors';
import { empty, join, raw, sql, type Sql } from '../db/sql';
import type { EntityDecl, FilterField } from './declaration';

export interface FilterOptions {
  /** Argument path for error messages, e.g. "filter". */
  argument: string;
  /** Whether personal-data fields may be used (editor of the county, admin). */
  allowPersonal: boolean;
  /** Evaluate date conditions as if every record were `shiftYears` later (previous-year values). */
  shiftYears?: number;
}

export interface CompiledFilter {
  where: Sql;
  joins: Set<string>;
}

const MAX_LIST = 1000;
const MAX_DEPTH = 6;
/** Field conditions (and empty and/or items) one filter may hold: 30,000 overflowed the SQL builder's stack. */
export const MAX_CONDITIONS = 1000;

type Ops = Record<string, unknown>;

export function dateExpr(decl: EntityDecl, shiftYears = 0): string {
  const d = decl.mainDate ?? 'NULL::date';
  return shiftYears ? `(${d} + interval '${Math.trunc(shiftYears)} year')::date` : d;
}

function fieldSql(decl: EntityDecl, field: FilterField, shiftYears: number): string {
  return field.sql.replaceAll('{date}', dateExpr(decl, shiftYears));
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new BadUserInputError(`${path} must be a list`, path);
  if (value.length > MAX_LIST) throw new BadUserInputError(`${path} has ${value.length} values; at most ${MAX_LIST} are allowed`, path);
  return value;
}

function checkDate(v: unknown, path: string): string {
  if (typeof v !== 'string' || !isIsoDate(v)) {
    throw new BadUserInputError(`${path} must be a date YYYY-MM-DD, got ${JSON.stringify(v)?.slice(0, 40)}`, path);
  }
  return v;
}

function checkInt(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new BadUserInputError(`${path} must be an integer`, path);
  return v;
}

function checkText(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new BadUserInputError(`${path} must be a string`, path);
  if (v.length > 200) throw new BadUserInputError(`${path} is longer than 200 characters`, path);
  return v;
}

function checkCode(v: unknown, path: string): string {
  if (typeof v !== 'string' || !/^[0-9A-Za-z_-]{1,40}$/.test(v)) throw new BadUserInputError(`${path} is not a valid code: ${JSON.stringify(v)?.slice(0, 40)}`, path);
  return v;
}

function checkEnum(field: FilterField, v: unknown, path: string): string {
  const values = Object.values(field.enumType ?? {});
  if (typeof v !== 'string' || !values.includes(v)) throw new BadUserInputError(`${path} must be one of ${values.join(', ')}`, path);
  return v;
}

/** Convert one scalar to its SQL parameter, validating it. */
function value(field: FilterField, v: unknown, path: string): unknown {
  switch (field.kind) {
    case 'id': return decodeId(String(v), field.idType!, path);
    case 'enum': return checkEnum(field, v, path);
    case 'date': return checkDate(v, path);
    case 'int': case 'money': return checkInt(v, path);
    case 'text': return checkText(v, path);
    case 'code': return checkCode(v, path);
    case 'asOf': return checkDate(v, path);
    case 'bool':
      if (typeof v !== 'boolean') throw new BadUserInputError(`${path} must be true or false`, path);
      return v;
  }
}

const RANGE_OPS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** 1 January of a year, as a date parameter (years beyond the date range become infinities). */
function yearStart(year: number): Sql {
  const text = year < 1 ? '-infinity' : year > 9999 ? 'infinity' : `${String(year).padStart(4, '0')}-01-01`;
  return sql`${text}::date`;
}

/**
 * A condition on the year of a date as a range of that date, which an index or the partitioning
 * by year can use (`extract(year ...) = 2023` reads every partition). A shifted date (previous-year
 * values) shifts the years instead, so the range stays on the bare column.
 */
function yearRange(decl: EntityDecl, field: FilterField, op: string, year: number, shift: number): Sql | null {
  const shifted = field.yearOf!.includes('{date}') ? shift : 0;
  const date = raw(field.yearOf!.replaceAll('{date}', dateExpr(decl, 0)));
  const y = year - shifted;
  switch (op) {
    case 'eq': return sql`${date} >= ${yearStart(y)} AND ${date} < ${yearStart(y + 1)}`;
    case 'gt': return sql`${date} >= ${yearStart(y + 1)}`;
    case 'gte': return sql`${date} >= ${yearStart(y)}`;
    case 'lt': return sql`${date} < ${yearStart(y)}`;
    case 'lte': return sql`${date} < ${yearStart(y + 1)}`;
    default: return null;
  }
}

function compileField(decl: EntityDecl, field: FilterField, ops: Ops, path: string, shift: number): Sql[] {
  if (typeof ops !== 'object' || ops === null || Array.isArray(ops)) throw new BadUserInputError(`${path} must be an object of operators`, path);
  const col = raw(fieldSql(decl, field, shift));
  const target = field.lookup ? (inner: Sql) => sql`${col} IN (${raw(field.lookup!)} ${inner})` : null;
  const parts: Sql[] = [];
  const bounds: Record<string, unknown> = {};
  for (const [op, v] of Object.entries(ops)) {
    if (v === undefined || v === null) continue;
    const p = `${path}.${op}`;
    if (op === 'eq') {
      const x = value(field, v, p);
      parts.push(field.yearOf ? yearRange(decl, field, op, x as number, shift)! : target ? target(sql`= ${x}`) : sql`${col} = ${x}`);
    } else if (op === 'in' || op === 'notIn') {
      const xs = list(v, p).map((x, i) => value(field, x, `${p}[${i}]`));
      const arr = field.kind === 'id' || field.kind === 'int' || field.kind === 'money' ? sql`${xs}::bigint[]` : sql`${xs}::text[]`;
      const cond = target ? target(sql`= ANY(${arr})`) : sql`${col} = ANY(${arr})`;
      parts.push(op === 'in' ? cond : sql`NOT (${cond})`);
      // Years listed: also bound the date by the first and last, so only those years' partitions are read.
      if (op === 'in' && field.yearOf && xs.length) {
        const years = xs as number[];
        parts.push(sql`${yearRange(decl, field, 'gte', Math.min(...years), shift)!} AND ${yearRange(decl, field, 'lte', Math.max(...years), shift)!}`);
      }
    } else if (op in RANGE_OPS && (field.kind === 'date' || field.kind === 'int' || field.kind === 'money')) {
      const x = value(field, v, p);
      bounds[op] = x;
      parts.push(field.yearOf ? yearRange(decl, field, op, x as number, shift)! : sql`${col} ${raw(RANGE_OPS[op])} ${x}`);
    } else if ((op === 'contains' || op === 'startsWith') && field.kind === 'text') {
      const x = (value(field, v, p) as string).replace(/[\\%_]/g, (m) => `\\${m}`);
      parts.push(sql`${col} ILIKE ${op === 'contains' ? `%${x}%` : `${x}%`}`);
    } else {
      throw new BadUserInputError(`${p} is not an operator of ${field.name}`, p);
    }
  }
  const low = bounds.gte ?? bounds.gt;
  const high = bounds.lte ?? bounds.lt;
  if (low !== undefined && high !== undefined && (low as number | string) > (high as number | string)) {
    throw new BadUserInputError(`${path} is an empty range: the lower bound ${low} is above the upper bound ${high}`, path);
  }
  return parts;
}

interface CompileState {
  joins: Set<string>;
  conditions: number;
}

function countCondition(state: CompileState, opts: FilterOptions): void {
  state.conditions += 1;
  if (state.conditions > MAX_CONDITIONS) {
    throw new BadUserInputError(`${opts.argument} has more than ${MAX_CONDITIONS} conditions; use in: [...] for lists of values, or split the request`, opts.argument);
  }
}

function compileNode(decl: EntityDecl, filter: unknown, opts: FilterOptions, path: string, depth: number, state: CompileState): Sql[] {
  if (filter === undefined || filter === null) return [];
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new BadUserInputError(`${path} must be an object`, path);
  if (depth > MAX_DEPTH) throw new BadUserInputError(`${path} nests and/or/not deeper than ${MAX_DEPTH} levels`, path);
  const joins = state.joins;
  const shift = opts.shiftYears ?? 0;
  const parts: Sql[] = [];
  for (const [key, v] of Object.entries(filter as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    const p = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      const items = list(v, p).map((sub, i) => {
        const inner = compileNode(decl, sub, opts, `${p}[${i}]`, depth + 1, state);
        if (!inner.length) countCondition(state, opts); // an empty item is TRUE: a condition too
        return inner.length ? sql`(${join(inner, ' AND ')})` : sql`TRUE`;
      });
      if (items.length) parts.push(sql`(${join(items, key === 'and' ? ' AND ' : ' OR ')})`);
      else if (key === 'or') parts.push(sql`FALSE`);
    } else if (key === 'not') {
      const inner = compileNode(decl, v, opts, p, depth + 1, state);
      if (inner.length) parts.push(sql`NOT (${join(inner, ' AND ')})`);
    } else {
      countCondition(state, opts);
      const field = decl.filters.find((f) => f.name === key);
      if (!field) throw new BadUserInputError(`${p} is not a filter of ${decl.name}`, p);
      if (field.personal && !opts.allowPersonal) throw new ForbiddenError(`${p}: filtering on personal data is not allowed for your role`, { argument: p });
      for (const j of field.joins ?? []) joins.add(j);
      if (field.kind === 'asOf') {
        const d = checkDate(v, p);
        parts.push(sql`${raw(field.asOf!.from)} <= ${d} AND (${raw(field.asOf!.to)} IS NULL OR ${raw(field.asOf!.to)} > ${d})`);
      } else parts.push(...compileField(decl, field, v as Ops, p, shift));
    }
  }
  return parts;
}

export function compileFilter(decl: EntityDecl, filter: unknown, opts: FilterOptions): CompiledFilter {
  const state: CompileState = { joins: new Set<string>(), conditions: 0 };
  const parts = compileNode(decl, filter, opts, opts.argument, 0, state);
  return { where: parts.length ? join(parts, ' AND ') : empty, joins: state.joins };
}

/** The JOIN clauses a set of join names needs, in declaration order. */
export function joinClauses(decl: EntityDecl, names: Set<string>): Sql {
  const clauses = Object.entries(decl.joins).filter(([name]) => names.has(name)).map(([, clause]) => raw(clause));
  return clauses.length ? join(clauses, ' ') : empty;
}

/** Whether a filter mentions a personal-data field anywhere (and/or/not included). */
export function usesPersonal(decl: EntityDecl, filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  if (Array.isArray(filter)) return filter.some((f) => usesPersonal(decl, f));
  return Object.entries(filter as Record<string, unknown>).some(([key, value]) =>
    key === 'and' || key === 'or' || key === 'not' ? usesPersonal(decl, value) : value != null && !!decl.filters.find((f) => f.name === key)?.personal);
}
