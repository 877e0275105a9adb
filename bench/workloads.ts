/** Workloads both benchmark scripts send (run.ts, interleaved.ts), written once. */

export type Request = { query: string; variables?: Record<string, unknown> };

/** Pick an item by the request's number, spread over the list. */
export const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length];

/** W4: all counties' cases by COUNTY x YEAR x ACTION_TYPE (the first 100 groups, and their number). */
export const provinceStats = (): Request => ({ query: '{ enforcementCaseStats(groupBy: [COUNTY, YEAR, ACTION_TYPE], first: 100) { totalCount nodes { county { code } year actionType count } } }' });

/** W6: point reads (`point`), filtered nested pages, stats, filtered root lists, by turns, over random counties and years. */
export function mixed(i: number, codes: readonly string[], years: readonly number[], point: (i: number) => Request): Request {
  const c = pick(codes, i);
  const action = pick(['PENALTY', 'INSPECTION', 'LICENSE', 'MEDIATION'], i);
  switch (i % 5) {
    case 0: return point(i);
    case 1: return { query: `{ county(code: "${c}") { agencies(first: 20) { nodes { name enforcementCases(first: 10, filter: { actionType: { eq: ${action} } }) { nodes { caseNumber fineAmount } } } } } }` };
    case 2: return { query: `{ enforcementCaseStats(filter: { countyCode: { eq: "${c}" }, year: { eq: ${pick(years, i)} } }, groupBy: [AGENCY, QUARTER], orderBy: [{ by: COUNT, direction: DESC }], first: 20) { nodes { agency { name } quarter count } } }` };
    case 3: return { query: `{ enforcementCaseStats(filter: { actionType: { eq: ${action} } }, groupBy: [COUNTY, YEAR], first: 100) { nodes { county { code } year count previousYear { count } } } }` };
    default: return { query: `{ enforcementCases(first: 20, filter: { countyCode: { eq: "${c}" }, fineAmount: { gte: ${1000 + (i % 10) * 500} } }, orderBy: [{ field: FINE_AMOUNT, direction: DESC }]) { totalCount nodes { caseNumber fineAmount agency { name } } } }` };
  }
}
