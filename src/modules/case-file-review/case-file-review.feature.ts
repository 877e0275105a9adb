import type { Feature } from '../../query/feature';
import { caseFileReviewDecl, caseFileReviewItemDecl } from './case-file-review.decl';
import { CaseFileReview, CaseFileReviewItem } from './case-file-review.entity';

export const caseFileReviewFeature: Feature = { name: 'case-file-review', entities: [CaseFileReview, CaseFileReviewItem], records: [caseFileReviewDecl, caseFileReviewItemDecl] };
