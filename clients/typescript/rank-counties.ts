/**
 * From a script: rank the counties that published an indicator in a year, with each value's
 * quote, and say why the others have none.
 *   npx ts-node clients/typescript/rank-counties.ts http://localhost:4000/graphql ENF_PENALTY_TOTAL 2023
 */
import { request } from './client';
import { graphql } from './graphql';

export const RankCounties = graphql(`
  query RankCounties($indicator: String!, $year: Int!) {
    comparison(indicator: $indicator, years: [$year]) {
      indicator { code nameZh nameEn unit }
      caveats { kind note }
      rows {
        county { code name nameEn }
        cells { value rank rankedOf gap quote }
      }
    }
  }
`);

export async function rankCounties(url: string, indicator: string, year: number): Promise<string[]> {
  const { comparison } = await request({ url }, RankCounties, { indicator, year });
  const lines = [`${comparison.indicator.nameZh} (${comparison.indicator.nameEn}), ${year}, ${comparison.indicator.unit}`];
  const cells = comparison.rows.map((row) => ({ county: row.county, cell: row.cells[0] }));
  // Ranked first, in rank order; then the gaps, which say why there is no value.
  for (const { county, cell } of cells.filter((c) => c.cell.rank !== null).sort((a, b) => a.cell.rank! - b.cell.rank!)) {
    lines.push(`${cell.rank}/${cell.rankedOf} ${county.code} ${county.name}: ${cell.value} "${cell.quote}"`);
  }
  for (const { county, cell } of cells.filter((c) => c.cell.rank === null)) lines.push(`- ${county.code} ${county.name}: ${cell.gap}`);
  for (const caveat of comparison.caveats) lines.push(`note (${caveat.kind}): ${caveat.note}`);
  return lines;
}

if (require.main === module) {
  const [url = 'http://localhost:4000/graphql', indicator = 'ENF_PENALTY_TOTAL', year = '2023'] = process.argv.slice(2);
  rankCounties(url, indicator, Number(year)).then((lines) => console.log(lines.join('\n')), (err) => {
    console.error(String(err));
    process.exit(1);
  });
}
