/**
 * Invariants every row must satisfy, enforced by PostgreSQL CHECK constraints (declared on the
 * entities with @Check, created by Migration20261129083000) and mirrored by the import
 * validation (src/modules/import/record-files.ts, src/modules/report/report-file.ts), which refuses
 * the same rows up front naming the row and the column.
 *
 * Expressions are written the way PostgreSQL prints them back (pg_get_constraintdef), so that
 * MikroORM's schema comparison finds no difference between the entities and the migrations.
 */

/** Dates before the People's Republic or after 2100 are typing errors or placeholders (0001-01-01, 9999-12-31). */
export const EARLIEST_DATE = '1949-10-01';
export const LATEST_DATE = '2100-12-31';

/** A date column's plausible range (NULL passes: a CHECK is only refused when false). */
export function plausibleDate(column: string): string {
  return `${column} >= '${EARLIEST_DATE}'::date AND ${column} <= '${LATEST_DATE}'::date`;
}

/** The import-side mirror of plausibleDate; `value` is a valid YYYY-MM-DD date. */
export function implausibleDate(value: string): string | null {
  return value < EARLIEST_DATE || value > LATEST_DATE ? `"${value}" is outside ${EARLIEST_DATE}..${LATEST_DATE}` : null;
}

/** Text damaged on its way in: a lone UTF-16 surrogate, or U+FFFD left by decoding bytes that were not UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Text about to be encoded as UTF-8 (which would silently turn a lone surrogate into U+FFFD) keeps
 * the mark of its lone surrogates as U+FFFF, a noncharacter that never belongs in text either, so
 * damagedText can still name the cell once the text has been decoded again.
 */
export function markLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFF');
}

export function damagedText(value: string): string | null {
  if (LONE_SURROGATE.test(value) || value.includes('\uFFFF')) return 'contains a lone UTF-16 surrogate or U+FFFF (not valid Unicode text)';
  if (value.includes('\uFFFD')) return 'contains U+FFFD replacement characters (text damaged by a wrong encoding conversion; export it again as UTF-8)';
  return null;
}
