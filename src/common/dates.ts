/**
 * The one validator of calendar dates written YYYY-MM-DD, shared by GraphQL filters, cursors,
 * record CSV files and report files.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in YYYY-MM-DD: 2024-02-29 is one, 2023-02-29 is not (Date would roll it over to March). */
export function isIsoDate(v: unknown): boolean {
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
