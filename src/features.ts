/** The composition root's list of features: each folder registers itself in its `*.feature.ts`. */
import { analyticsFeature } from './analytics/analytics.feature';
import { coordinationFeature } from './http/coordination.feature';
import { agencyFeature } from './modules/agency/agency.feature';
import { authFeature } from './modules/auth/auth.feature';
import { caseFileReviewFeature } from './modules/case-file-review/case-file-review.feature';
import { enforcementFeature } from './modules/enforcement/enforcement.feature';
import { geographyFeature } from './modules/geography/geography.feature';
import { importFeature } from './modules/import/import.feature';
import { legalityReviewFeature } from './modules/legality-review/legality-review.feature';
import { litigationFeature } from './modules/litigation/litigation.feature';
import { officerFeature } from './modules/officer/officer.feature';
import { proposeFeature } from './modules/propose/propose.feature';
import { reportFeature } from './modules/report/report.feature';
import { supervisionFeature } from './modules/supervision/supervision.feature';
import { taskForceFeature } from './modules/task-force/task-force.feature';
import { trainingFeature } from './modules/training/training.feature';
import type { Feature } from './query/feature';

export const features: Feature[] = [
  geographyFeature, authFeature, agencyFeature, officerFeature, enforcementFeature, legalityReviewFeature, caseFileReviewFeature,
  supervisionFeature, trainingFeature, taskForceFeature, litigationFeature, reportFeature, importFeature, analyticsFeature,
  proposeFeature, coordinationFeature,
];
