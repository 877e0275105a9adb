/**
 * Issue 13.5: a comparison's gaps say why, and ranks say of how many. For every cell of a
 * comparison over all held counties and several years, the gap expected from the reports and
 * figures (read by plain SQL) is the one answered: NO_REPORT_HELD, NOT_IN_TRANSCRIPTION (a held
 * report transcribed only in part), NOT_IN_REPORT (a completely transcribed report without the
 * figure); and rankedOf is the number of counties that published that year.
 */
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

async function expectedCells(indicator: string): Promise<Map<string, { gap: string | null; rankedOf: number | null }>> {
  const counties = await app.sql<{ id: number; code: string }>('SELECT id, code FROM county WHERE NOT synthetic');
  const figures = await app.sql<{ county_id: number; year: number }>(`SELECT county_id, year FROM figure WHERE indicator_code = $1 AND breakdown = '{}'::jsonb`, [indicator]);
  const reports = await app.sql<{ county_id: number; year: number; transcription: string }>('SELECT county_id, year, transcription FROM report WHERE county_id IS NOT NULL');
  const out = new Map<string, { gap: string | null; rankedOf: number | null }>();
  for (const c of counties) {
    for (const year of YEARS) {
      const published = figures.some((f) => f.county_id === c.id && f.year === year);
      const held = reports.filter((r) => r.county_id === c.id && r.year === year);
      const gap = published ? null : held.length === 0 ? 'NO_REPORT_HELD' : held.some((r) => r.transcription === 'COMPLETE') ? 'NOT_IN_REPORT' : 'NOT_IN_TRANSCRIPTION';
      const rankedOf = published ? figures.filter((f) => f.year === year && counties.some((k) => k.id === f.county_id)).length : null;
      out.set(`${c.code}:${year}`, { gap, rankedOf });
    }
  }
  return out;
}

it('every cell says why it is empty, and ranks say of how many, as the reports and figures held say', async () => {
  // An indicator Yanjin's complete 2023 report does not state, and one it does (published by others too).
  const [absent] = await app.sql<{ code: string }>(`
    SELECT i.code FROM indicator i WHERE NOT EXISTS (
      SELECT 1 FROM figure f JOIN county c ON c.id = f.county_id WHERE f.indicator_code = i.code AND c.code = '410726' AND f.year = 2023) ORDER BY i.code LIMIT 1`);
  const [common] = await app.sql<{ code: string }>(`
    SELECT indicator_code AS code FROM figure WHERE breakdown = '{}'::jsonb GROUP BY 1 ORDER BY count(DISTINCT county_id) DESC, 1 LIMIT 1`);
  const seen = new Set<string>();
  for (const indicator of [absent.code, common.code]) {
    const expected = await expectedCells(indicator);
    const res = await app.gql(`query ($i: String!, $y: [Int!]!) { comparison(indicator: $i, years: $y) { rows { county { code } cells { year status gap rank rankedOf } } } }`, { i: indicator, y: YEARS });
    expect(res.errors).toBeUndefined();
    const got = new Map<string, { gap: string | null; rankedOf: number | null }>();
    for (const row of res.data!.comparison.rows) {
      for (const cell of row.cells) {
        got.set(`${row.county.code}:${cell.year}`, { gap: cell.gap, rankedOf: cell.rankedOf });
        expect(cell.gap === null).toBe(cell.status === 'PUBLISHED');
        if (cell.rank !== null) expect(cell.rank).toBeLessThanOrEqual(cell.rankedOf);
        if (cell.gap) seen.add(cell.gap);
      }
    }
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  }
  // Yanjin 2023 is transcribed completely: an indicator it does not state is NOT_IN_REPORT there.
  expect(seen).toEqual(new Set(['NO_REPORT_HELD', 'NOT_IN_TRANSCRIPTION', 'NOT_IN_REPORT']));
});
