/**
 * Any query's answer as a table: POST /graphql (the same request, key, limits and rate limit)
 * with `Accept: text/csv` answers the first list found in `data` (depth first, in selection
 * order: the `nodes` of a `…Stats` field, say) as CSV, one row per element. Nested objects
 * become dotted columns (`agency.name`, `sum.fineAmount`), a list inside a row a JSON cell, null
 * an empty cell. UTF-8 with a byte-order mark so that Excel reads Chinese correctly; CRLF lines
 * (RFC 4180). An answer with errors stays JSON (with its status), so the caller sees why.
 */
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../errors';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The first array in the answer, and the path that leads to it. */
function firstList(value: Json, path: string[] = []): { rows: Json[]; path: string[] } | null {
  if (Array.isArray(value)) return { rows: value, path };
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = firstList(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function flatten(value: Json, prefix: string, into: Map<string, Json>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix || 'value', value);
  }
}

function cell(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A text starting like a formula would run as one in a spreadsheet: keep it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Json[]): string {
  const flat = rows.map((row) => {
    const columns = new Map<string, Json>();
    flatten(row, '', columns);
    return columns;
  });
  const header = [...new Set(flat.flatMap((row) => [...row.keys()]))];
  const lines = [header.map(cell), ...flat.map((row) => header.map((column) => cell(row.get(column))))];
  return `\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/**
 * Placed before Apollo's middleware: a request that prefers CSV is answered in JSON by Apollo as
 * usual, and graphql-endpoint.ts sends that answer as CSV (csvBody).
 */
export function csvAnswers() {
  return (req: Request, res: Response, next: NextFunction) => {
    // Only an Accept naming CSV or any text can choose it; the others skip negotiating (0.05-0.1 ms a request).
    const accept = req.headers.accept?.toLowerCase();
    if (!accept || !(accept.includes('text/csv') || accept.includes('text/*'))) return next();
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/csv']) !== 'text/csv') return next();
    req.headers.accept = 'application/json';
    res.locals.csv = true;
    next();
  };
}

/**
 * The body to send for Apollo's answer `body` (its bytes): for a request csvAnswers marked, the
 * answer's first list as CSV (with its headers set), or a 406 if it holds none; else `body`. An
 * answer with errors, or not a 200, stays JSON.
 */
export function csvBody(res: Response, body: string | Buffer): string | Buffer {
  if (res.locals.csv !== true || res.statusCode !== 200) return body;
  let answer: { data?: Json; errors?: unknown[] };
  try {
    answer = JSON.parse(body.toString()) as typeof answer;
  } catch {
    return body;
  }
  if (answer.errors?.length) return body;
  const list = firstList(answer.data ?? null);
  if (!list) {
    res.status(406);
    return JSON.stringify({ errors: [{ message: 'The answer holds no list to make rows of: select one (the nodes of a connection or of a …Stats field).', extensions: { code: ErrorCode.BAD_REQUEST } }] });
  }
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${list.path[0] ?? 'answer'}.csv"`);
  return toCsv(list.rows);
}
