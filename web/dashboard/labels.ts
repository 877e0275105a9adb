/** Chinese and English labels for the API's enums, shown side by side. */

export const GAP_LABELS: Record<string, [string, string]> = {
  NO_REPORT_HELD: ['未收录该年报告', 'no report held for that year'],
  NOT_IN_TRANSCRIPTION: ['报告仅部分转录', 'not in the partial transcription'],
  NOT_IN_REPORT: ['报告未公布', 'not stated in the complete report'],
};

export const STATUS_LABELS: Record<string, [string, string]> = {
  MATCH: ['一致', 'match'],
  MISMATCH: ['不一致', 'mismatch'],
  NOT_COMPUTABLE: ['无法由记录计算', 'not computable from records'],
  NOT_REPORTED: ['报告未公布', 'not reported'],
};

export const CAVEAT_LABELS: Record<string, [string, string]> = {
  COMPARABILITY: ['可比性说明', 'Comparability'],
  MIXED_REVISIONS: ['口径版本不一', 'Mixed definition revisions'],
};

export const QUALIFIER_LABELS: Record<string, string> = { EXACT: '', AT_LEAST: '余 / at least', APPROXIMATE: '约 / about' };

export const LEVEL_LABELS: Record<string, string> = { COUNTY_DEPARTMENT: '县直部门 county department', TOWNSHIP: '乡镇 township' };

/** "未收录该年报告 no report held for that year (NO_REPORT_HELD)": what a gap cell says. */
export function gapText(gap: string): string {
  const [zh, en] = GAP_LABELS[gap] ?? [gap, ''];
  return `${zh} ${en} (${gap})`;
}

export function statusText(status: string): string {
  const [zh, en] = STATUS_LABELS[status] ?? [status, ''];
  return `${status} ${zh} ${en}`;
}

/** Why proposeFigures set a number of the text aside. */
export const SKIP_REASON_LABELS: Record<string, string> = {
  DATE: '日期 date', YEAR: '年份 year', DOCUMENT_NUMBER: '文号 document number', PAGE_FURNITURE: '网页版式 page furniture',
  ORDINAL: '序号 ordinal', NAME: '名称 name or slogan', TITLE: '文件标题 document title',
};
