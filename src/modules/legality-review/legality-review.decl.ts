import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { LegalityReview, LegalityReviewKind } from './legality-review.entity';

export const legalityReviewDecl: EntityDecl = {
  name: 'LegalityReview',
  records: true,
  plural: 'legality reviews',
  entity: LegalityReview,
  table: 'legality_review',
  alias: 'r',
  mainDate: 'r.reviewed_on',
  countyColumn: 'r.county_id',
  joins: { agency: 'LEFT JOIN agency ra ON ra.id = r.agency_id' },
  filters: [
    idFilter('LegalityReview', 'r.id'),
    ...countyFilters('r.county_id'),
    ...agencyFilters('r.agency_id', 'agency', 'ra', 'submitting agency'),
    { name: 'kind', kind: 'enum', enumType: LegalityReviewKind, enumName: 'LegalityReviewKind', sql: 'r.kind', description: 'What was reviewed.' },
    ...dateFilters('reviewedOn', 'Date of the review.'),
    { name: 'title', kind: 'text', sql: 'r.title', description: 'Title of the reviewed item.' },
    provenanceFilter('r'),
  ],
  orders: [idOrder('r.id'), { name: 'REVIEWED_ON', kind: 'date', sql: 'r.reviewed_on' }, { name: 'KIND', kind: 'text', sql: 'r.kind' }],
  defaultOrder: [{ field: 'REVIEWED_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'legalityReviews', description: 'Legality reviews (合法性审查).' },
  reverse: { County: {}, Agency: { description: 'Legality reviews of items the agency submitted.' } },
};
