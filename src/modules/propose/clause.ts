/**
 * The words around a number: its quote (the shortest clause that states it, verbatim), the clause
 * it sits in and the sentence before it, which the matcher reads for context ("合法性审查" heads a
 * list of 520份, 27份, …; "民事案件32件(其中,调解成功9件…" gives the kind of the cases after it).
 * Clause and sentence bounds are computed once for the whole text, and context is bounded, so a
 * hostile text (one clause of 25,000 numbers) costs linear time.
 */
import type { NumberMention } from './number-finder';

/** Sentence ends. */
const HARD = new Set(['。', ';', '；', '!', '！', '?', '？', '\n', '\r']);
/** Clause ends. */
const SOFT = new Set([',', '，', ':', '：']);
/** Separators between list items inside a clause: 行政处罚1183件、行政检查1573件; 35家单位和23个乡镇. */
const LIST = '、';
const JOINERS = new Set(['和', '及', '与', '并']);
/** How far context reaches before and after a quote (characters): a list's head is rarely further. */
const REACH = 160;

/** Leading words that are not part of what a figure says: 一是, (二), 其中, 同时. */
const LEADING = /^(?:\s|[一二三四五六七八九十]+是|[(（][一二三四五六七八九十\d]+[)）]|其中|同时|另外|此外|并|、|，|,)+/;

export interface MentionContext {
  /** The quote: a verbatim part of the text containing the number, its unit and qualifier. */
  quote: string;
  quoteStart: number;
  /** The rest of the clause (between commas) holding the number, other list items left out. */
  clause: string;
  /** The sentence before the quote (from the last 。/;), at most REACH characters, nearest last. */
  lead: string;
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
      if (i - o - 1 > 10 || /[0-9０-９,，;；]/.test(text.slice(o + 1, i))) {
        bounds.add(o);
        bounds.add(i);
      }
    }
  }
  return bounds;
}

export interface ClauseReader {
  /** Context of the i-th mention (mentions in text order). */
  context(i: number): MentionContext;
}

export function clauseReader(text: string, mentions: NumberMention[]): ClauseReader {
  const parens = asideParens(text);
  const n = text.length;
  const isHard = (i: number) => HARD.has(text[i]);
  const isBound = (i: number) => isHard(i) || SOFT.has(text[i]) || parens.has(i);
  // clauseStart[i]: first index of the clause holding i; clauseEnd[i]: its end; sentenceStart likewise.
  const clauseStart = new Int32Array(n + 1);
  const sentenceStart = new Int32Array(n + 1);
  for (let i = 0, cs = 0, ss = 0; i <= n; i++) {
    clauseStart[i] = cs;
    sentenceStart[i] = ss;
    if (i < n && isBound(i)) cs = i + 1;
    if (i < n && isHard(i)) ss = i + 1;
  }
  const clauseEnd = new Int32Array(n + 1);
  for (let i = n, ce = n; i >= 0; i--) {
    if (i < n && isBound(i)) ce = i;
    clauseEnd[i] = ce;
  }
  // Mentions grouped by clause, in order.
  const groups = new Map<number, number[]>();
  mentions.forEach((m, i) => {
    const cs = clauseStart[m.spanStart];
    const g = groups.get(cs) ?? [];
    g.push(i);
    groups.set(cs, g);
  });
  const position = new Map<number, number>();
  for (const g of groups.values()) g.forEach((i, k) => position.set(i, k));

  /** The last list separator in [from, to), preferring 、 to 和/及/与/并; -1 when none. */
  function lastSeparator(from: number, to: number): number {
    for (let i = to - 1; i >= from; i--) if (text[i] === LIST) return i;
    for (let i = to - 1; i >= from; i--) if (JOINERS.has(text[i])) return i;
    return -1;
  }

  function firstSeparator(from: number, to: number): number {
    for (let i = from; i < to; i++) if (text[i] === LIST) return i;
    for (let i = from; i < to; i++) if (JOINERS.has(text[i])) return i;
    return -1;
  }

  return {
    context(i) {
      const m = mentions[i];
      const cs = clauseStart[m.spanStart];
      const ce = Math.max(clauseEnd[m.spanEnd], m.spanEnd);
      const group = groups.get(cs)!;
      const k = position.get(i)!;
      // Only mentions wholly inside the clause count as its other items.
      const inside = (j: number | undefined) => (j === undefined || mentions[j].spanEnd > ce ? undefined : mentions[j]);
      const prev = inside(group[k - 1]);
      const next = inside(group[k + 1]);
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
          const later = firstSeparator(next.spanEnd, Math.min(ce, next.spanEnd + REACH));
          right = later >= 0 ? later : ce - next.spanEnd <= REACH ? ce : next.spanEnd;
        }
      } else if (text[m.spanEnd] === '并') {
        right = m.spanEnd; // 协调会2次并组织人员现场调研: 并 starts another predicate
      }
      // A clause without punctuation for pages: the quote keeps to REACH characters each side.
      left = Math.max(left, m.spanStart - REACH);
      right = Math.min(right, m.spanEnd + REACH);
      const lead = LEADING.exec(text.slice(left, m.spanStart));
      if (lead) left += lead[0].length;
      while (right > m.spanEnd && /\s/.test(text[right - 1])) right--;
      // The clause without the other items of a list: its head (各行政执法单位共开展) and its tail.
      const first = k > 0 ? mentions[group[0]] : undefined;
      const lastItem = inside(group[group.length - 1]);
      const last = lastItem && lastItem !== m ? lastItem : undefined;
      const headEnd = first ? Math.min(first.spanStart, left) : left;
      const head = text.slice(Math.max(cs, headEnd - REACH), headEnd);
      const tailStart = last ? last.spanEnd : right;
      const tail = text.slice(tailStart, Math.min(ce, tailStart + REACH));
      return {
        quote: text.slice(left, right),
        quoteStart: left,
        clause: `${head}…${tail}`,
        lead: text.slice(Math.max(sentenceStart[cs], left - REACH), left),
      };
    },
  };
}
