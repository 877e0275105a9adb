import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { CaseFileReview, CaseFileReviewItem, CaseFileReviewKind } from './case-file-review.entity';

export const caseFileReviewDecl: EntityDecl = {
  name: 'CaseFileReview',
  records: true,
  plural: 'case-file review rounds',
  entity: CaseFileReview,
  table: 'case_file_review',
  alias: 'v',
  mainDate: 'v.held_on',
  countyColumn: 'v.county_id',
  joins: {},
  filters: [
    idFilter('CaseFileReview', 'v.id'),
    ...countyFilters('v.county_id'),
    { name: 'kind', kind: 'enum', enumType: CaseFileReviewKind, enumName: 'CaseFileReviewKind', sql: 'v.kind', description: 'Centralised or routine.' },
    ...dateFilters('heldOn', 'Date of the round.'),
    provenanceFilter('v'),
  ],
  orders: [idOrder('v.id'), { name: 'HELD_ON', kind: 'date', sql: 'v.held_on' }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'caseFileReviews', description: 'Case-file review rounds (案卷评查).' },
};

/** The files sampled by review rounds: the fact behind case-file review statistics. */
export const caseFileReviewItemDecl: EntityDecl = {
  name: 'CaseFileReviewItem',
  records: true,
  plural: 'sampled case files',
  entity: CaseFileReviewItem,
  table: 'case_file_review_item',
  alias: 'i',
  mainDate: 'iv.held_on',
  countyColumn: 'i.county_id',
  joins: { review: 'JOIN case_file_review iv ON iv.id = i.review_id', agency: 'JOIN agency ia ON ia.id = i.agency_id' },
  filters: [
    idFilter('CaseFileReviewItem', 'i.id'),
    ...countyFilters('i.county_id'),
    ...agencyFilters('i.agency_id', 'agency', 'ia', 'agency whose file it is'),
    { name: 'reviewId', kind: 'id', idType: 'CaseFileReview', sql: 'i.review_id', description: 'The review round, by global ID.' },
    { name: 'kind', kind: 'enum', enumType: CaseFileReviewKind, enumName: 'CaseFileReviewKind', sql: 'iv.kind', joins: ['review'], description: 'Kind of the review round.' },
    { name: 'heldOn', kind: 'date', sql: '{date}', joins: ['review'], description: 'Date of the review round.' },
    { name: 'year', kind: 'int', sql: 'extract(year FROM {date})::int', joins: ['review'], description: 'Year of the review round.' },
    { name: 'problemsFound', kind: 'int', sql: 'i.problems_found', description: 'Problems found in the file.' },
    provenanceFilter('i'),
  ],
  orders: [idOrder('i.id'), { name: 'PROBLEMS_FOUND', kind: 'int', sql: 'i.problems_found' }],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  reverse: {
    CaseFileReview: { field: 'items', description: 'The files the round sampled.' },
    EnforcementCase: { field: 'caseFileReviews', description: 'Case-file reviews that sampled this file (案卷评查), with the problems found.' },
    Agency: { field: 'caseFileReviewItems', description: 'Files of the agency sampled by case-file reviews (案卷评查), with the problems found.' },
    County: { field: 'caseFileReviewItems', description: 'Files sampled by case-file reviews (案卷评查) in the county, with the problems found.' },
  },
};
