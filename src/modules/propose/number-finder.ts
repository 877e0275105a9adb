/**
 * Every number of a report's text, each either a candidate figure (value, unit, qualifier) or
 * set aside with the reason it is not one: a date, a year, a document number (〔2023〕5号), page
 * furniture (浏览量:9625), an ordinal (一是, 第三), a name (党的二十大, “四张清单”, 12345热线) or
 * part of a document title (《…2023年度…》). Nothing is dropped silently: the caller gets both lists.
 */
import { Qualifier } from '../report/figure.entity';
import { CHINESE_NUMERAL_CHARS, MAGNITUDES, parseChineseNumeral, parseDigits } from './numerals';

export enum SkipReason {
  DATE = 'DATE',
  YEAR = 'YEAR',
  DOCUMENT_NUMBER = 'DOCUMENT_NUMBER',
  PAGE_FURNITURE = 'PAGE_FURNITURE',
  ORDINAL = 'ORDINAL',
  NAME = 'NAME',
  TITLE = 'TITLE',
}

/** A number the text states as a quantity. Offsets are UTF-16 indexes into the text. */
export interface NumberMention {
  /** The number as written ("39.09万", "1,031", "两"). */
  written: string;
  start: number;
  end: number;
  /** Start and end of the number with its qualifier, unit and suffix (约1000余人以上). */
  spanStart: number;
  spanEnd: number;
  /** Value in the stated unit, as an exact decimal string. */
  value: string;
  /** Stated unit, magnitude included (万元, 万件, 人); '' when the text gives none. */
  unit: string;
  qualifier: Qualifier;
}

export interface SkippedNumber {
  written: string;
  start: number;
  end: number;
  reason: SkipReason;
}

const D = '[0-9０-９]';
const CN = '[一二三四五六七八九十]';

/** Patterns that mark a stretch of text as not a figure, in order of precedence. */
const SKIP_PATTERNS: [SkipReason, RegExp][] = [
  [SkipReason.DOCUMENT_NUMBER, new RegExp(`[〔\\[［(（]\\s{0,3}${D}{4}\\s{0,3}[〕\\]］)）]\\s{0,3}(?:第\\s{0,3})?${D}*\\s{0,3}号?`, 'g')],
  [SkipReason.DOCUMENT_NUMBER, new RegExp(`第\\s{0,3}${D}{1,6}\\s{0,3}号|${D}{1,6}\\s{0,3}号(?:文件?|令)`, 'g')],
  [SkipReason.DATE, new RegExp(`${D}{4}\\s{0,3}[-/.年]\\s{0,3}${D}{1,2}\\s{0,3}[-/.月]\\s{0,3}${D}{1,2}\\s{0,3}[日号]?`, 'g')],
  [SkipReason.DATE, new RegExp(`${D}{4}\\s{0,3}年\\s{0,3}${D}{1,2}\\s{0,3}月`, 'g')],
  [SkipReason.DATE, new RegExp(`${D}{1,2}\\s{0,3}月\\s{0,3}${D}{1,2}\\s{0,3}[日号]|${D}{1,2}\\s{0,3}月(?:份|底|初|中旬|上旬|下旬)?`, 'g')],
  [SkipReason.DATE, new RegExp(`${D}{1,2}\\s{0,3}[:：]\\s{0,3}${D}{2}(?:\\s{0,3}[:：]\\s{0,3}${D}{2})?`, 'g')],
  [SkipReason.DATE, /[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日/g],
  [SkipReason.YEAR, new RegExp(`(?:19|20)${D}{2}(?=\\s{0,3}(?:年|—|–|-|－|~|～|至))|(?<=(?:19|20)${D}{2}\\s{0,3}[—–\\-－~～至]\\s{0,3})(?:19|20)${D}{2}`, 'g')],
  [SkipReason.PAGE_FURNITURE, new RegExp(`(?:浏览量|浏览次数|阅读量|阅读数|访问量|访问次数|点击量|点击数|字号)\\s{0,3}[:：]?\\s{0,3}${D}{1,6}`, 'g')],
  [SkipReason.PAGE_FURNITURE, new RegExp(`第\\s{0,3}${D}{1,6}\\s{0,3}页|共\\s{0,3}${D}{1,6}\\s{0,3}页|${D}{1,6}\\s{0,3}/\\s{0,3}${D}{1,6}\\s{0,3}页|^[ \\t\\-—–]{0,6}${D}{1,3}[ \\t\\-—–]{0,6}$`, 'gm')],
  [SkipReason.NAME, new RegExp(`${D}{3,6}(?=\\s{0,3}(?:政务服务便民热线|便民热线|服务热线|热线|专线))`, 'g')],
  [SkipReason.NAME, new RegExp(`${CN}{1,4}(?:大|届|中全会)|十[一二三四五六]五`, 'g')],
  [SkipReason.ORDINAL, new RegExp(`^\\s{0,3}${D}{1,6}\\s{0,3}[、．.](?!${D})|[(（]\\s{0,3}${D}{1,2}\\s{0,3}[)）]|第\\s{0,3}${D}{1,6}`, 'gm')],
  [SkipReason.ORDINAL, new RegExp(`${CN}{1,4}是|第[一二三四五六七八九十百千零〇两]{1,6}|其[一二三四五六七八九]|[(（]${CN}{1,4}[)）]|(?:^|(?<=[。;；\\n\\s:：]))${CN}{1,4}、`, 'gm')],
];

/** 《…》 is a title; “…” around a Chinese numeral makes it a name (“四张清单”, “一案一专班”). */
const TITLE = /《[^《》\n]{0,120}》/g;
const QUOTED = /[“"「][^“”"「」\n]{0,30}[”"」]/g;

/** Units a count, amount or rate is stated in, longest first (个工作日 is not 个). */
const UNITS = [
  '个工作日', '个百分点', '万人次', '人次', '件次', '户次', '场次', '家次', '批次', '个月', '小时', '平方米', '公里',
  '元', '%', '％', '‰', '件', '宗', '次', '人', '名', '份', '个', '本', '项', '家', '条', '年', '分', '期', '场', '所',
  '批', '支', '篇', '起', '户', '天', '位', '部', '套', '台', '辆', '处', '座', '类', '册', '张', '卷', '亩', '期', '届', '轮', '日',
].sort((a, b) => b.length - a.length);

/** Units a lone Chinese 一 counts in; 一个/一批/一些 are rarely figures (一个中心, 一批典型). */
const UNITS_FOR_YI = new Set(['次', '件', '人', '年', '份', '场', '期', '名', '家', '所', '本', '宗', '届', '轮']);
/** After 一 + unit, words that make it not a count: 一次性, 一体化, 一年来. */
const NOT_A_COUNT_AFTER = /^(?:性|体|线|律|致|直|般|道|起来|来|以来)/;

function unitAt(text: string, i: number): string {
  for (const u of UNITS) if (text.startsWith(u, i)) return u;
  return '';
}

/**
 * For each character of the text, the reason that sets it aside (0 when none); the first pattern
 * that covers a character wins. One array, so looking a number up costs its length, not the
 * number of patterns matched.
 */
const REASONS = Object.values(SkipReason);

function skipMarks(text: string): Uint8Array {
  const marks = new Uint8Array(text.length);
  for (const [reason, re] of SKIP_PATTERNS) {
    const code = REASONS.indexOf(reason) + 1;
    for (const m of text.matchAll(re)) {
      for (let i = m.index!; i < m.index! + m[0].length; i++) if (!marks[i]) marks[i] = code;
    }
  }
  return marks;
}

/** Characters inside a stretch the pattern matches (《…》, “…”). */
function spanMarks(text: string, re: RegExp): Uint8Array {
  const marks = new Uint8Array(text.length);
  for (const m of text.matchAll(re)) marks.fill(1, m.index!, m.index! + m[0].length);
  return marks;
}

/** The reason any character of [start, end) is set aside for, or undefined. */
function reasonIn(marks: Uint8Array, start: number, end: number): SkipReason | undefined {
  for (let i = start; i < end; i++) if (marks[i]) return REASONS[marks[i] - 1];
  return undefined;
}

function wholly(marks: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!marks[i]) return false;
  return end > start;
}

const PREFIX_QUALIFIERS: [RegExp, Qualifier][] = [
  [/(?:超过|逾|突破)$/, Qualifier.AT_LEAST],
  [/(?<![最附临])(?:大约|约|将近|接近|近)$/, Qualifier.APPROXIMATE],
];

/** The qualifier before a number (约, 近, 超过) and its length. */
function prefixQualifier(text: string, start: number): { qualifier: Qualifier; length: number } | null {
  const before = text.slice(Math.max(0, start - 3), start);
  for (const [re, qualifier] of PREFIX_QUALIFIERS) {
    const m = re.exec(before);
    if (m) return { qualifier, length: m[0].length };
  }
  return null;
}

/** Reads magnitude, 余/多, unit, 以上/左右 after a number ending at `end`. */
function readTail(text: string, end: number, allowMagnitude: boolean) {
  let i = end;
  let magnitude = '';
  if (allowMagnitude) {
    for (const m of ['千万', '百万', '十万', '万', '亿', '千']) {
      if (text.startsWith(m, i) && !text.startsWith('千克', i)) {
        magnitude = m;
        i += m.length;
        break;
      }
    }
  }
  let qualifier = Qualifier.EXACT;
  if (/^[余多](?![次项个种家部方样元])/.test(text.slice(i, i + 2)) && unitAt(text, i + 1)) {
    qualifier = Qualifier.AT_LEAST;
    i += 1;
  }
  const unit = unitAt(text, i);
  i += unit.length;
  const suffix = /^(?:以上|余(?![次项个种])|多(?![次项个种家部方样元])|左右)/.exec(text.slice(i, i + 2));
  if (suffix && (unit || magnitude)) {
    qualifier = suffix[0] === '左右' ? Qualifier.APPROXIMATE : Qualifier.AT_LEAST;
    i += suffix[0].length;
  }
  return { magnitude, unit, qualifier, end: i, numberEnd: end + magnitude.length };
}

export interface FoundNumbers {
  mentions: NumberMention[];
  skipped: SkippedNumber[];
}

export function findNumbers(text: string): FoundNumbers {
  const marks = skipMarks(text);
  const titles = spanMarks(text, TITLE);
  const quoted = spanMarks(text, QUOTED);
  const mentions: NumberMention[] = [];
  const skipped: SkippedNumber[] = [];

  // Thousands separators only as ASCII commas between groups of three ("1,031"); "，" ends a clause.
  const digitRe = new RegExp(`${D}+(?:,${D}{3}(?!${D}))*(?:[.．]${D}+)?`, 'g');
  for (const m of text.matchAll(digitRe)) {
    const start = m.index!;
    const written = m[0];
    const end = start + written.length;
    if (wholly(titles, start, end)) {
      skipped.push({ written, start, end, reason: SkipReason.TITLE });
      continue;
    }
    const reason = reasonIn(marks, start, end);
    if (reason) {
      skipped.push({ written, start, end, reason });
      continue;
    }
    if (/^[0-9０-９]{12,}/.test(written)) {
      skipped.push({ written, start, end, reason: SkipReason.NAME }); // a telephone, account or ID number, not a count
      continue;
    }
    const value = parseDigits(written);
    if (value === null) continue;
    mentions.push(mention(text, written, start, end, value, true));
  }

  const chineseRe = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');
  for (const m of text.matchAll(chineseRe)) {
    const start = m.index!;
    const written = m[0];
    const end = start + written.length;
    const reason = reasonIn(marks, start, end);
    if (reason) {
      if (reason !== SkipReason.YEAR && !/^[万亿千百]+$/.test(written)) skipped.push({ written, start, end, reason });
      continue;
    }
    if (!/[零〇一二两三四五六七八九]|^十/.test(written) || written.length > 12) continue; // 万家, 千万: not numerals
    const tail = readTail(text, end, false);
    if (!tail.unit) continue; // 进一步, 统一, 一些: words, not numbers
    if (wholly(titles, start, end)) {
      skipped.push({ written, start, end, reason: SkipReason.TITLE });
      continue;
    }
    if (wholly(quoted, start, end)) {
      skipped.push({ written, start, end, reason: SkipReason.NAME });
      continue;
    }
    if (written === '一' && (!UNITS_FOR_YI.has(tail.unit) || NOT_A_COUNT_AFTER.test(text.slice(tail.end)))) continue;
    if (written === '十' && tail.unit === '分') continue; // 十分: "very"
    if (text[start - 1] === '第' || text[start - 1] === '初') continue;
    const value = parseChineseNumeral(written);
    if (value === null) continue;
    mentions.push(mention(text, written, start, end, String(value), false));
  }

  mentions.sort((a, b) => a.start - b.start);
  skipped.sort((a, b) => a.start - b.start);
  return { mentions, skipped };
}

function mention(text: string, written: string, start: number, end: number, value: string, digits: boolean): NumberMention {
  const tail = readTail(text, end, digits);
  const prefix = prefixQualifier(text, start);
  let qualifier = tail.qualifier;
  let spanStart = start;
  // 近三年来 / 近3年来 is a period ("in the last three years"), not an approximation.
  if (prefix && qualifier === Qualifier.EXACT && !(tail.unit === '年' && text.startsWith('来', tail.end))) {
    qualifier = prefix.qualifier;
    spanStart = start - prefix.length;
  }
  return {
    written: text.slice(start, tail.numberEnd),
    start,
    end: tail.numberEnd,
    spanStart,
    spanEnd: tail.end,
    value,
    unit: (tail.magnitude + tail.unit).replace('％', '%'),
    qualifier,
  };
}

/** Power of ten of a stated unit's magnitude and its base unit: 万元 -> [4, 元]. */
export function splitMagnitude(unit: string): [number, string] {
  for (const m of ['千万', '百万', '十万', '万', '亿', '千']) {
    if (unit.startsWith(m) && unit !== '千克') return [MAGNITUDES[m], unit.slice(m.length)];
  }
  return [0, unit];
}
