/**
 * CSV files of the dashboard's tables: UTF-8 with a byte-order mark (so Excel reads Chinese),
 * RFC 4180 quoting, CRLF line ends; a text starting like a formula (=, +, -, @) is kept as text, as
 * the server's own CSV answers do. No DOM here, so a plain test can run it (test/dashboard-csv.test.ts).
 */
export type Cell = string | number | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
