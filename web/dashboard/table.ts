/**
 * A table and its CSV download, made from one list of columns and rows, so the file holds exactly
 * what the table shows (a cell may be drawn differently, e.g. a gap in red, but its text is the same).
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
}

export function dataTable<R>(name: string, fileName: string, columns: Column<R>[], rows: R[]): HTMLElement {
  const header = columns.map((c) => c.title);
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const button = el('button', { type: 'button', class: 'csv', 'data-table': name }, '下载 CSV · Download CSV');
  button.addEventListener('click', () => downloadCsv(fileName, toCsv(header, cells)));
  const table = el('table', { 'data-table': name },
    el('thead', {}, el('tr', {}, header.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((row, i) => el('tr', {}, columns.map((c, j) => {
      const value = cells[i][j];
      return el('td', { class: c.className?.(row) ?? (typeof value === 'number' ? 'num' : undefined) }, value ?? '');
    })))));
  return el('div', { class: 'table-block' }, el('div', { class: 'table-tools' }, button), el('div', { class: 'table-scroll' }, table));
}
