/**
 * Every operation the dashboard sends, typed from schema/schema.graphql by gql.tada (the same
 * `graphql` as clients/typescript): a field the page reads but does not select is a type error.
 */
import { graphql } from '../../clients/typescript/graphql';

/** What the comparison's pickers offer: the catalogue, the counties held, the years from the oldest report held to the newest. */
export const ComparisonChoices = graphql(`
  query DashboardComparisonChoices($after: String) {
    indicators(first: 100, after: $after) {
      nodes { code nameZh nameEn unit }
      pageInfo { hasNextPage endCursor }
    }
    counties { code name nameEn synthetic }
    newest: reports(first: 1, orderBy: [{ field: YEAR, direction: DESC }]) { nodes { year } }
    oldest: reports(first: 1, orderBy: [{ field: YEAR, direction: ASC }]) { nodes { year } }
  }
`);

export const Comparison = graphql(`
  query DashboardComparison($indicator: String!, $years: [Int!]!, $counties: [String!]) {
    comparison(indicator: $indicator, years: $years, counties: $counties) {
      indicator { code nameZh nameEn unit }
      years
      caveats { kind note noteZh }
      rows {
        county { code name nameEn }
        cells {
          year value unit qualifier rank rankedOf gap changeFromPreviousYear quote
          figure { report { title sourceUrl } }
        }
      }
    }
  }
`);

export const CountyOverview = graphql(`
  query DashboardCounty($code: String!) {
    county(code: $code) {
      code name nameEn
      city { name }
      reports(first: 100) { nodes { year title transcription } }
      enforcementCaseStats(groupBy: [YEAR]) { nodes { year count } }
    }
  }
`);

export const Reconciliation = graphql(`
  query DashboardReconciliation($county: String!, $year: Int!) {
    reconciliation(county: $county, year: $year) {
      indicator { code nameZh nameEn }
      breakdown unit reported computed difference status quote
    }
  }
`);

/** Cases of a county-year grouped by one dimension (department, township or month). */
export const CaseStats = graphql(`
  query DashboardCaseStats($filter: EnforcementCaseFilter!, $groupBy: [EnforcementCaseStatsDimension!]!, $after: String) {
    enforcementCaseStats(filter: $filter, groupBy: $groupBy, orderBy: [{ by: COUNT, direction: DESC }], first: 100, after: $after) {
      nodes {
        agency { code name nameEn level }
        township { code name nameEn }
        month
        count
        sum { fineAmount }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
