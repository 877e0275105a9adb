/**
 * The words around a number: its quote (the shortest clause that states it, verbatim), the clause
 * it sits in and the sentence before it, which the matcher reads for context ("合法性审查" heads a
 * list of 520份, 27份, …; "民事案件32件(其中,调解成功9件…" gives the kind of the cases after it).
 */
import type { NumberMention } from './number-finder';

/** Sentence ends. */
const HARD = new Set(['。', ';', '；', '!', '！', '?', '？', '\n', '\r']);
/** Clause ends. */
const SOFT = new Set([',', '，', ':', '：']);
/** Separators between list items inside a clause: 行政处罚1183件、行政检查1573件; 35家单位和23个乡镇. */
const LIST = '、';
const JOINERS = new Set(['和', '及', '与', '并']);

/** Leading words that are not part of what a figure says: 一是, (二), 其中, 同时. */
const LEADING = /^(?:\s|[一二三四五六七八九十]+是|[(（][一二三四五六七八九十\d]+[)）]|其中|同时|另外|此外|并|、|，|,)+/;

export interface MentionContext {
  /** The quote: a verbatim part of the text containing the number, its unit and qualifier. */
  quote: string;
  quoteStart: number;
  /** The rest of the clause (between commas) holding the number, other list items left out. */
  clause: string;
  /** The sentence before the quote (from the last 。/;), nearest last. */
  lead: string;
  /** The clause after the quote, up to its end. */
  after: string;
}

/** Parentheses that hold an aside (a number, a comma or more than 10 characters) bound clauses; 乡镇(街道) does not. */
function asideParens(text: string): Set<number> {
  const bounds = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '（') open.push(i);
    else if ((c === ')' || c === '）') && open.length) {
      const o = open.pop()!;
      const inside = text.slice(o + 1, i);
      if (inside.length > 10 || /[0-9０-９,，;；]/.test(inside)) {
        bounds.add(o);
        bounds.add(i);
      }
    }
  }
  return bounds;
}

export interface ClauseReader {
  context(m: NumberMention, all: NumberMention[]): MentionContext;
}

export function clauseReader(text: string): ClauseReader {
  const parens = asideParens(text);
  const isSoft = (i: number) => SOFT.has(text[i]) || parens.has(i);
  const isHard = (i: number) => HARD.has(text[i]);

  function clauseBounds(from: number, to: number): [number, number] {
    let cs = from;
    while (cs > 0 && !isSoft(cs - 1) && !isHard(cs - 1)) cs--;
    let ce = to;
    while (ce < text.length && !isSoft(ce) && !isHard(ce)) ce++;
    return [cs, ce];
  }

  function sentenceStart(from: number): number {
    let s = from;
    while (s > 0 && !isHard(s - 1)) s--;
    return s;
  }

  /** The last list separator in [from, to), preferring 、 to 和/及/与/并; -1 when none. */
  function lastSeparator(from: number, to: number): number {
    const comma = text.lastIndexOf(LIST, to - 1);
    if (comma >= from) return comma;
    for (let i = to - 1; i >= from; i--) if (JOINERS.has(text[i])) return i;
    return -1;
  }

  function firstSeparator(from: number, to: number): number {
    const comma = text.indexOf(LIST, from);
    if (comma >= 0 && comma < to) return comma;
    for (let i = from; i < to; i++) if (JOINERS.has(text[i])) return i;
    return -1;
  }

  return {
    context(m, all) {
      const [cs, ce] = clauseBounds(m.spanStart, m.spanEnd);
      const inClause = all.filter((o) => o !== m && o.spanStart >= cs && o.spanEnd <= ce);
      const prev = inClause.filter((o) => o.spanEnd <= m.spanStart).pop();
      const next = inClause.find((o) => o.spanStart >= m.spanEnd);
      let left = cs;
      if (prev) {
        const sep = lastSeparator(prev.spanEnd, m.spanStart);
        left = sep >= 0 ? sep + 1 : prev.spanEnd;
      }
      let right = ce;
      if (next) {
        const sep = firstSeparator(m.spanEnd, next.spanStart);
        if (sep >= 0) right = sep;
        else {
          // One phrase (429个事项3个工作日办结): the quote runs on to the next separator or the clause end.
          const later = firstSeparator(next.spanEnd, ce);
          right = later >= 0 ? later : ce;
        }
      } else if (text[m.spanEnd] === '并') {
        right = m.spanEnd; // 协调会2次并组织人员现场调研: 并 starts another predicate
      }
      const lead = LEADING.exec(text.slice(left, m.spanStart));
      if (lead) left += lead[0].length;
      while (right > m.spanEnd && /\s/.test(text[right - 1])) right--;
      // The clause without the other items of a list: its head (各行政执法单位共开展) and its tail.
      const first = inClause.find((o) => o.spanStart < m.spanStart);
      const last = [...inClause].reverse().find((o) => o.spanEnd > m.spanEnd);
      const head = first ? text.slice(cs, Math.min(first.spanStart, left)) : text.slice(cs, left);
      const tail = last ? text.slice(last.spanEnd, ce) : text.slice(right, ce);
      return {
        quote: text.slice(left, right),
        quoteStart: left,
        clause: `${head}…${tail}`,
        lead: text.slice(sentenceStart(cs), left),
        after: last ? '' : text.slice(right, ce),
      };
    },
  };
}
