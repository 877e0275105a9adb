import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { CaseFileReview, CaseFileReviewItem } from './case-file-review.entity';

export const caseFileReviewDecl = record(CaseFileReview, {
  records: true,
  plural: 'case-file review rounds',
  mainDate: 'heldOn',
  filters: [
    idFilter('CaseFileReview'),
    ...countyFilters(),
    { name: 'kind', path: 'kind', description: 'Centralised or routine.' },
    ...dateFilters('heldOn', 'Date of the round.'),
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'HELD_ON', path: 'heldOn' }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'caseFileReviews', description: 'Case-file review rounds (案卷评查).' },
});

/** The files sampled by review rounds: the fact behind case-file review statistics. */
export const caseFileReviewItemDecl = record(CaseFileReviewItem, {
  records: true,
  plural: 'sampled case files',
  mainDate: 'review.heldOn',
  filters: [
    idFilter('CaseFileReviewItem'),
    ...countyFilters(),
    ...agencyFilters('agency', 'agency whose file it is'),
    { name: 'reviewId', path: 'review', description: 'The review round, by global ID.' },
    { name: 'kind', path: 'review.kind', description: 'Kind of the review round.' },
    { name: 'heldOn', path: '@date', description: 'Date of the review round.' },
    { name: 'year', path: '@date', of: 'year', description: 'Year of the review round.' },
    { name: 'problemsFound', path: 'problemsFound', description: 'Problems found in the file.' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'PROBLEMS_FOUND', path: 'problemsFound' }],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  reverse: {
    CaseFileReview: { field: 'items', description: 'The files the round sampled.' },
    EnforcementCase: { field: 'caseFileReviews', description: 'Case-file reviews that sampled this file (案卷评查), with the problems found.' },
    Agency: { field: 'caseFileReviewItems', description: 'Files of the agency sampled by case-file reviews (案卷评查), with the problems found.' },
    County: { field: 'caseFileReviewItems', description: 'Files sampled by case-file reviews (案卷评查) in the county, with the problems found.' },
  },
});
