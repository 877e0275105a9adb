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

/** The indicator catalogue, a page at a time: what a reviewer may assign a proposed figure to. */
export const IndicatorCatalogue = graphql(`
  query DashboardIndicatorCatalogue($after: String) {
    indicators(first: 100, after: $after) {
      nodes { code nameZh nameEn unit unitAliases }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** County-level units of all China by code prefix or name (Chinese, pinyin, English). */
export const CountySearch = graphql(`
  query DashboardCountySearch($filter: CountyDivisionFilter!) {
    countyDivisions(filter: $filter, first: 20) { nodes { code name nameEn cityName } }
  }
`);

/** Every number of a pasted report's text proposed as a figure (EDITOR key of the county, or ADMIN). */
export const ProposeFigures = graphql(`
  query DashboardProposeFigures($text: String!, $areaCode: String!, $year: Int!) {
    proposeFigures(text: $text, areaCode: $areaCode, year: $year) {
      areaCode areaName year matchedCount unmatchedCount reportFile
      figures {
        quote quoteStart start end written statedValue statedUnit value unit qualifier matched breakdown note
        indicator { code nameZh confidence value unit breakdown }
        runnerUp { code nameZh confidence value unit breakdown }
      }
      skipped { written start end reason }
    }
  }
`);

/** The report of a county-year already held, if any: importing replaces its figures. */
export const HeldReport = graphql(`
  query DashboardHeldReport($county: String!, $year: Int!) {
    reports(filter: { countyCode: { eq: $county }, year: { eq: $year }, documentType: { eq: RULE_OF_LAW_REPORT } }, first: 1) {
      nodes { title publisher publishedOn sourceUrl coverage transcription revision figures { totalCount } }
    }
  }
`);

/** Imports a reviewed report file through the one import path (validated, all or nothing). */
export const ImportReport = graphql(`
  mutation DashboardImportReport($report: JSONObject!, $sourceText: String) {
    importReport(report: $report, sourceText: $sourceText) {
      status revision figures changes
      report { areaCode year title }
    }
  }
`);

/** The figures a county published for a year, with their quotes, in report order. */
export const CountyFigures = graphql(`
  query DashboardCountyFigures($county: String!, $year: Int!, $after: String) {
    figures(filter: { countyCode: { eq: $county }, year: { eq: $year } }, orderBy: [{ field: POSITION, direction: ASC }], first: 100, after: $after) {
      nodes { indicator { code nameZh nameEn } value unit qualifier breakdown quote report { title revision } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
