import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { LegalityReview } from './legality-review.entity';

export const legalityReviewDecl = record(LegalityReview, {
  records: true,
  plural: 'legality reviews',
  mainDate: 'reviewedOn',
  filters: [
    idFilter('LegalityReview'),
    ...countyFilters(),
    ...agencyFilters('agency', 'submitting agency'),
    { name: 'kind', path: 'kind', description: 'What was reviewed.' },
    ...dateFilters('reviewedOn', 'Date of the review.'),
    { name: 'title', path: 'title', description: 'Title of the reviewed item.' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'REVIEWED_ON', path: 'reviewedOn' }, { name: 'KIND', path: 'kind' }],
  defaultOrder: [{ field: 'REVIEWED_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'legalityReviews', description: 'Legality reviews (合法性审查).' },
  reverse: { County: {}, Agency: { description: 'Legality reviews of items the agency submitted.' } },
});
