/**
 * The last step of the review page: the report's header (prefilled from the report already held
 * for the county-year, else from the draft file), then importReport with the accepted rows and the
 * pasted text as sourceText (so every quote is checked against it). Shows what the import did and
 * links to the county's page, or the coded errors, each problem pointing at its table row.
 */
import type { ResultOf } from 'gql.tada';
import { query } from './api';
import { bilingual, el } from './dom';
import { HeldReport, ImportReport } from './operations';
import { acceptedReportFile, type Proposals, type ReportHeader, type ReviewRow } from './proposal-review';
import { requestErrorView } from './request-errors';

type Held = ResultOf<typeof HeldReport>['reports']['nodes'][number] | undefined;

function headerForm(proposals: Proposals, held: Held): { element: HTMLElement; read: () => ReportHeader } {
  const draft = (proposals.reportFile as { report: Record<string, string | null> }).report;
  const from = (field: keyof ReportHeader) => String((held ? held[field] : draft[field]) ?? '');
  const input = (field: keyof ReportHeader, size: string) => el('input', { id: `review-${field}`, size, value: from(field) });
  const fields = {
    title: input('title', '60'), publisher: input('publisher', '30'), publishedOn: input('publishedOn', '10'), sourceUrl: input('sourceUrl', '50'),
    coverage: el('textarea', { id: 'review-coverage', rows: '2', cols: '80' }, from('coverage')),
    transcription: el('select', { id: 'review-transcription' },
      el('option', { value: 'PARTIAL', selected: from('transcription') !== 'COMPLETE' }, 'PARTIAL 部分转录 partial'),
      el('option', { value: 'COMPLETE', selected: from('transcription') === 'COMPLETE' }, 'COMPLETE 完整转录 every number')),
  };
  const label = (zh: string, en: string, field: HTMLElement) => el('label', {}, bilingual(zh, en), ' ', field);
  const element = el('fieldset', { class: 'report-header' }, el('legend', {}, bilingual('报告信息', 'The report')),
    held ? el('p', { class: 'note', id: 'review-held' },
      `本县本年已有报告（第 ${held.revision} 版，${held.figures.totalCount} 条数据）：导入将以采纳的数据替换其全部数据。 `
      + `A report of this county-year is held (revision ${held.revision}, ${held.figures.totalCount} figures): importing replaces all its figures with the accepted ones.`) : null,
    label('标题', 'Title', fields.title), label('发布单位', 'Publisher', fields.publisher), label('发布日期', 'Published on', fields.publishedOn),
    label('来源网址', 'Source URL', fields.sourceUrl), label('转录范围', 'Transcription', fields.transcription), label('说明', 'Coverage', fields.coverage));
  const read = (): ReportHeader => ({
    title: fields.title.value, publisher: fields.publisher.value, publishedOn: fields.publishedOn.value, sourceUrl: fields.sourceUrl.value,
    coverage: fields.coverage.value, transcription: fields.transcription.value === 'COMPLETE' ? 'COMPLETE' : 'PARTIAL',
  });
  return { element, read };
}

function resultView(result: ResultOf<typeof ImportReport>['importReport']): HTMLElement {
  const changes = (result.changes ?? {}) as { added?: string[]; removed?: string[]; changed?: { key: string; from: string; to: string }[] };
  const { areaCode, year } = result.report;
  return el('div', { class: 'import-result', id: 'review-result', 'data-status': result.status, role: 'status' },
    el('p', {}, `已导入 Imported: ${result.status} · 第 ${result.revision} 版 revision ${result.revision} · ${result.figures} 条数据 figures`),
    result.changes ? el('p', {}, `新增 added ${changes.added?.length ?? 0} · 删除 removed ${changes.removed?.length ?? 0} · 修改 changed ${changes.changed?.length ?? 0}`) : null,
    el('p', {}, el('a', { id: 'review-county-link', href: `#/county/${areaCode}?year=${year}` }, `查看县页面 See the county's page: ${areaCode}, ${year} →`)));
}

/** The header form and the import button; `rows` are read when it is pressed. */
export function importSection(proposals: Proposals, held: Held, rows: ReviewRow[], sourceText: string): HTMLElement {
  const header = headerForm(proposals, held);
  const button = el('button', { type: 'button', id: 'review-import' }, '导入已采纳的数据 Import the accepted figures');
  const outcome = el('div', { id: 'review-outcome' });
  button.addEventListener('click', async () => {
    const { file, rows: inFile } = acceptedReportFile(proposals, rows, header.read());
    if (inFile.length === 0) {
      outcome.replaceChildren(el('p', { class: 'error', role: 'alert' }, '尚未采纳任何数据 No proposal is accepted yet: nothing to import.'));
      return;
    }
    button.disabled = true;
    outcome.replaceChildren(el('p', {}, `导入中… Importing ${inFile.length} figures…`));
    try {
      const { importReport } = await query(ImportReport, { report: file, sourceText });
      outcome.replaceChildren(resultView(importReport));
    } catch (err) {
      // figures[3] is the 4th accepted row: name the table row the editor sees.
      outcome.replaceChildren(requestErrorView(err, (position) => position.replace(/^figures\[(\d+)\]/, (whole, i: string) =>
        (inFile[Number(i)] ? `${whole} (第 ${inFile[Number(i)].number} 行 row ${inFile[Number(i)].number})` : whole))));
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'review-import' }, el('h3', {}, bilingual('导入', 'Import')), header.element, el('p', {}, button), outcome);
}
