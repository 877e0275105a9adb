/**
 * Issue 15.2: the review page's decisions (web/dashboard/proposal-review.ts), without a browser:
 * which value and unit a corrected indicator takes, what "accept above a confidence" accepts, and
 * the report file the accepted rows make. Proposals and catalogue entries are written by hand here.
 */
import { acceptAbove, acceptedReportFile, assignIndicator, reviewRows, type CatalogueIndicator, type Proposals } from '../web/dashboard/proposal-review';

const match = (code: string, confidence: number, value: number, unit: string, breakdown: Record<string, string> = {}) =>
  ({ code, nameZh: code, confidence, value, unit, breakdown });

const proposal = (over: Partial<Proposals['figures'][number]>): Proposals['figures'][number] => ({
  quote: '', quoteStart: 0, start: 0, end: 0, written: '', statedValue: 0, statedUnit: '', value: 0, unit: '', qualifier: 'EXACT',
  matched: true, breakdown: {}, note: null, indicator: null, runnerUp: null, ...over,
});

const proposals: Proposals = {
  areaCode: '410726', areaName: '延津县', year: 2023, matchedCount: 2, unmatchedCount: 1, skipped: [],
  reportFile: { format: 'rule-of-law-report/v1', report: { areaCode: '410726', year: 2023, title: 'draft', coverage: 'draft coverage', transcription: 'PARTIAL' }, figures: [] },
  figures: [
    proposal({
      quote: '罚没款共计39.09万元', written: '39.09万', statedValue: 39.09, statedUnit: '万元', value: 39.09, unit: '万元',
      indicator: match('ENF_PENALTY_AMOUNT', 0.9, 39.09, '万元'), runnerUp: match('LENIENCY_AMOUNT', 0.4, 390900, '元', { leniency: 'EXEMPTED' }),
    }),
    proposal({ quote: '全年行政处罚1183件', written: '1183', statedValue: 1183, statedUnit: '件', value: 1183, unit: '件', indicator: match('ENF_PENALTY_TOTAL', 0.5, 1183, '件') }),
    proposal({ quote: '发放资料约3000册', written: '3000', statedValue: 3000, statedUnit: '册', value: 3000, unit: '册', qualifier: 'APPROXIMATE', matched: false, note: 'no indicator fits' }),
  ],
};

const catalogue = (code: string, unit: string, unitAliases: string[] = []): CatalogueIndicator => ({ code, nameZh: code, nameEn: code, unit, unitAliases });

it('starts every row pending, with the best match\'s value, unit and breakdown, and no indicator for an unmatched number', () => {
  const rows = reviewRows(proposals);
  expect(rows.map((r) => [r.number, r.decision, r.indicator, r.value, r.unit, r.qualifier])).toEqual([
    [1, 'PENDING', 'ENF_PENALTY_AMOUNT', 39.09, '万元', 'EXACT'],
    [2, 'PENDING', 'ENF_PENALTY_TOTAL', 1183, '件', 'EXACT'],
    [3, 'PENDING', '', 3000, '册', 'APPROXIMATE'],
  ]);
});

it('a corrected indicator takes the runner-up\'s own value, keeps a unit it shares, and else the indicator\'s unit', () => {
  const [amount, total, leaflets] = reviewRows(proposals);
  assignIndicator(amount, catalogue('LENIENCY_AMOUNT', '元'));
  expect([amount.value, amount.unit, amount.breakdown]).toEqual([390900, '元', { leniency: 'EXEMPTED' }]);
  assignIndicator(total, catalogue('ENF_INSPECTION_TOTAL', '次', ['件']));
  expect([total.indicator, total.value, total.unit]).toEqual(['ENF_INSPECTION_TOTAL', 1183, '件']);
  assignIndicator(leaflets, catalogue('TRAIN_OUTREACH_EVENTS', '次'));
  expect([leaflets.value, leaflets.unit]).toEqual([3000, '次']);
  assignIndicator(leaflets, undefined);
  expect(leaflets.indicator).toBe('');
});

it('accepts the pending rows matched with at least the confidence, never an unmatched or rejected one', () => {
  const rows = reviewRows(proposals);
  rows[0].decision = 'REJECTED';
  expect(acceptAbove(rows, 0.5).map((r) => r.number)).toEqual([2]);
  expect(acceptAbove(rows, 0).map((r) => r.number)).toEqual([]);
  expect(rows.map((r) => r.decision)).toEqual(['REJECTED', 'ACCEPTED', 'PENDING']);
});

it('makes the report file of the accepted rows only, in table order, on the draft\'s header with the corrected fields', () => {
  const rows = reviewRows(proposals);
  rows[1].decision = 'ACCEPTED';
  rows[0].decision = 'ACCEPTED';
  rows[0].qualifier = 'AT_LEAST';
  const { file, rows: inFile } = acceptedReportFile(proposals, rows, {
    title: ' 延津县2023年法治政府建设情况报告 ', coverage: 'reviewed', publisher: '', publishedOn: '2024-02-06', sourceUrl: '', transcription: 'COMPLETE',
  });
  expect(inFile.map((r) => r.number)).toEqual([1, 2]);
  expect(file).toEqual({
    format: 'rule-of-law-report/v1',
    report: { areaCode: '410726', year: 2023, title: '延津县2023年法治政府建设情况报告', coverage: 'reviewed', publisher: null, publishedOn: '2024-02-06', sourceUrl: null, transcription: 'COMPLETE' },
    figures: [
      { indicator: 'ENF_PENALTY_AMOUNT', value: 39.09, unit: '万元', qualifier: 'AT_LEAST', breakdown: {}, quote: '罚没款共计39.09万元' },
      { indicator: 'ENF_PENALTY_TOTAL', value: 1183, unit: '件', qualifier: 'EXACT', breakdown: {}, quote: '全年行政处罚1183件' },
    ],
  });
});
