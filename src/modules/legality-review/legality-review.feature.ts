import type { Feature } from '../../query/feature';
import { legalityReviewDecl } from './legality-review.decl';
import { LegalityReview } from './legality-review.entity';

export const legalityReviewFeature: Feature = { name: 'legality-review', entities: [LegalityReview], records: [legalityReviewDecl] };
