/**
 * Document numbers shaped like the real ones (文书字号), by kind:
 * - an agency's enforcement documents: 〈county〉〈agency〉〈word〉字〔year〕N号, e.g. 延市监罚决字〔2023〕12号
 *   (行政处罚决定书), 延市监不罚字 for 不予行政处罚决定书 (免罚), 许字 licences, 检字 inspections, 指字
 *   guidance, 调字 mediation agreements, 强制字 coercive measures; the police write 延公（治）行罚决字;
 * - court case numbers (案号): （2023）豫0726行初N号 administrative first instance, 民诉前调 pre-filing
 *   mediation (诉前调解, mediated or still in mediation), 民初 civil first instance (a mediation
 *   transferred to filing, 转立案, is filed as one), 执 enforcement.
 */
import type { Action } from './profile';

/** Short names of county departments as they appear in document numbers, by agency code suffix. */
export const AGENCY_SHORT: Record<string, string> = {
  SFJ: '司', STHJJ: '环', YJJ: '应急', SCJGJ: '市监', XZSPJ: '审批', GAJ: '公（治）', ZRZYJ: '自然资',
  ZJJ: '住建', CGJ: '城管', JTJ: '交', NYJ: '农', WJW: '卫', JYJ: '教', WGLJ: '文旅', RSJ: '人社',
  SLJ: '水', YBJ: '医保', FGW: '发改', MZJ: '民', GXJ: '工信', TJJ: '统', SWJ: '税', XFJY: '消',
  YCJ: '烟', CZJ: '财',
};

const ACTION_WORD: Record<Action, string> = {
  PENALTY: '罚决', INSPECTION: '检', LICENSE: '许', GUIDANCE: '指', MEDIATION: '调', COERCIVE_MEASURE: '强制',
};

/** The issuing part of an agency's numbers: the county's first character and the agency's short name. */
export function agencyIssuer(countyName: string, suffix: string | null, townshipName: string | null, code: string): string {
  const county = countyName.slice(0, 1);
  if (suffix !== null) return county + (AGENCY_SHORT[suffix] ?? suffix);
  // Township governments: the township's name without 镇/乡/街道 (文岩街道 -> 延文岩).
  const short = (townshipName ?? code).replace(countyName, '').replace(/(街道|镇|乡)$/, '');
  return county + short;
}

/** The document word (罚决, 不罚, 许...) of an enforcement case. */
export function documentWord(action: Action, exempted: boolean, police: boolean): string {
  if (action === 'PENALTY') return exempted ? '不罚' : police ? '行罚决' : '罚决';
  return ACTION_WORD[action];
}

export function documentNumber(issuer: string, word: string, year: number, serial: number): string {
  return `${issuer}${word}字〔${year}〕${serial}号`;
}

export type CourtMark = '行初' | '民初' | '民诉前调' | '执';

export function courtMark(kind: string, outcome: string | null): CourtMark {
  if (kind === 'ADMINISTRATIVE') return '行初';
  if (kind === 'ENFORCEMENT') return '执';
  return outcome === 'TRANSFERRED_TO_FILING' ? '民初' : '民诉前调';
}

/** About how many cases of each mark a county court numbers in a year, so serials look like a year's running count. */
export const COURT_YEAR_VOLUME: Record<CourtMark, number> = { 行初: 80, 民初: 2600, 民诉前调: 2200, 执: 1900 };

export function courtNumber(countyCode: string, year: number, mark: CourtMark, serial: number): string {
  return `（${year}）豫${countyCode.slice(2)}${mark}${serial}号`;
}
