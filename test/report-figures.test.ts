/**
 * The Yanjin 2023 figures as transcribed in seeds/: every quote is verbatim in the report, states
 * its value, and every number of the report's text is transcribed (or deliberately excluded).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const seeds = path.join(__dirname, '../seeds');
const text = readFileSync(path.join(seeds, 'sources/yanjin_2023.txt'), 'utf8');
const yanjin = JSON.parse(readFileSync(path.join(seeds, 'data/reports/410726_2023_yanjin.json'), 'utf8')) as {
  report: { areaCode: string; year: number };
  figures: { indicator: string; value: number; unit: string; qualifier: string; breakdown: Record<string, string>; quote: string }[];
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const statesNumber = (quote: string, value: number) => new RegExp(`(?<![\\d.])${escape(String(value))}(?![\\d]|\\.\\d)`).test(quote);

/** Numbers of the text that are not figures, each with the reason. */
const EXCLUSIONS: { pattern: RegExp; reason: string }[] = [
  { pattern: /20\d\d(?=年)/g, reason: 'a year (2023年, 2023年度, 2024年), including years inside document titles' },
  { pattern: /发布时间:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, reason: 'the web page\'s publication timestamp' },
  { pattern: /浏览量:\d+/g, reason: 'the web page\'s view counter' },
  { pattern: /\d{4}年\d{1,2}月\d{1,2}日/g, reason: 'the date the report was signed' },
];

describe('Yanjin 2023 figures', () => {
  it('are 50 figures for 410726, year 2023', () => {
    expect(yanjin.report).toMatchObject({ areaCode: '410726', year: 2023 });
    expect(yanjin.figures).toHaveLength(50);
  });

  it.each(yanjin.figures.map((f) => [`${f.indicator} ${JSON.stringify(f.breakdown)} = ${f.value}${f.unit}`, f]))(
    '%s: quote is verbatim in the report and states the value', (_label, f) => {
      expect(text).toContain(f.quote);
      expect(statesNumber(f.quote, f.value)).toBe(true);
    });

  it('marks 余 as AT_LEAST and nothing else', () => {
    const atLeast = yanjin.figures.filter((f) => f.qualifier === 'AT_LEAST');
    expect(atLeast.map((f) => [f.indicator, f.value])).toEqual([['TRAIN_OFFICER_GENERAL_PARTICIPANTS', 1000]]);
    expect(atLeast[0].quote).toContain('1000余人');
    for (const f of yanjin.figures.filter((x) => x.qualifier === 'EXACT')) expect(f.quote).not.toMatch(new RegExp(`${escape(String(f.value))}(余|多|以上)`));
  });

  it('leaves no number of the text without a figure, except the listed exclusions', () => {
    const covered = new Set<number>();
    for (const f of yanjin.figures) {
      for (let at = text.indexOf(f.quote); at >= 0; at = text.indexOf(f.quote, at + 1)) {
        for (const m of f.quote.matchAll(/\d+(?:\.\d+)?/g)) if (Number(m[0]) === f.value) covered.add(at + m.index!);
      }
    }
    for (const { pattern } of EXCLUSIONS) {
      for (const m of text.matchAll(pattern)) for (const n of m[0].matchAll(/\d+/g)) covered.add(m.index! + n.index!);
    }
    const missing = [...text.matchAll(/\d+(?:\.\d+)?/g)].filter((m) => !covered.has(m.index!)).map((m) => `${m[0]} in “${text.slice(Math.max(0, m.index! - 10), m.index! + m[0].length + 6)}”`);
    expect(missing).toEqual([]);
  });
});

describe('other counties\' reports', () => {
  const dir = path.join(seeds, 'data/reports');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('410726_'));
  it.each(files)('%s keeps its coverage note and a quote for every figure', (file) => {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    expect(doc.report.coverage).toMatch(/Only the opening part/);
    expect(doc.report.sourceUrl).toMatch(/^https?:\/\//);
    for (const f of doc.figures) {
      expect(typeof f.quote).toBe('string');
      expect(f.quote.length).toBeGreaterThan(3);
    }
  });
});
