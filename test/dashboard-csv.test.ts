/**
 * Issue 17.4: the dashboard's CSV text (web/dashboard/csv.ts), as Excel and csv-parse read it:
 * a UTF-8 byte-order mark, quoting where a cell holds a comma, quote or line break, empty cells for
 * null, numbers as written, formula-like text kept as text.
 */
import { parse } from 'csv-parse/sync';
import { toCsv } from '../web/dashboard/csv';

it('writes a BOM, quotes what needs it, and reads back cell for cell', () => {
  const rows = [
    [1, '延津县', 'quote with "marks", a comma', null, 0.5],
    [2, 'line\nbreak', '', undefined, -3],
  ];
  const csv = toCsv(['排名 Rank', '县 County', '原文 Quote', '缺口 Gap', '数值 Value'], rows);
  expect(csv.startsWith('\uFEFF排名 Rank,')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(csv).toContain('"quote with ""marks"", a comma"');
  expect(parse(csv.slice(1))).toEqual([
    ['排名 Rank', '县 County', '原文 Quote', '缺口 Gap', '数值 Value'],
    ['1', '延津县', 'quote with "marks", a comma', '', '0.5'],
    ['2', 'line\nbreak', '', '', '-3'],
  ]);
});

it('keeps text that starts like a formula as text, but not negative numbers', () => {
  expect(toCsv(['a', 'b'], [['=SUM(A1)', -2]]).split('\r\n')[1]).toBe("'=SUM(A1),-2");
});
