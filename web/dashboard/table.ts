/**
 * A table and its CSV download, made from one list of columns and rows, so the file holds exactly
 * what the table shows (a cell may be drawn differently, e.g. a gap in red or an editable field,
 * but its text is the same). The file is made when the button is pressed, so an edited table
 * downloads as it stands.
 */
import { toCsv, type Cell } from './csv';
import { downloadCsv } from './download';
import { el } from './dom';

export interface Column<R> {
  /** Header: Chinese and English, e.g. "排名 Rank". */
  title: string;
  value: (row: R) => Cell;
  /** A class for the cell, e.g. "gap" or "num". */
  className?: (row: R) => string | undefined;
  /** How the cell is drawn, when not as its value's text (a highlight, a field to edit). */
  render?: (row: R) => Node;
}

export interface TableOptions<R> {
  /** Attributes of a row's <tr>, e.g. its state for styling. */
  rowAttributes?: (row: R) => Record<string, string>;
}

export function dataTable<R>(name: string, fileName: string, columns: Column<R>[], rows: R[], options: TableOptions<R> = {}): HTMLElement {
  const header = columns.map((c) => c.title);
  const cellsOf = (row: R) => columns.map((c) => c.value(row));
  const button = el('button', { type: 'button', class: 'csv', 'data-table': name }, '下载 CSV · Download CSV');
  button.addEventListener('click', () => downloadCsv(fileName, toCsv(header, rows.map(cellsOf))));
  const table = el('table', { 'data-table': name },
    el('thead', {}, el('tr', {}, header.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((row) => el('tr', options.rowAttributes?.(row) ?? {}, columns.map((c) => {
      const value = c.value(row);
      return el('td', { class: c.className?.(row) ?? (typeof value === 'number' ? 'num' : undefined) }, c.render ? c.render(row) : value ?? '');
    })))));
  return el('div', { class: 'table-block' }, el('div', { class: 'table-tools' }, button), el('div', { class: 'table-scroll' }, table));
}
