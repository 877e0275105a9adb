/**
 * Which dimensions a figure of each fact may be broken down by, and their allowed values
 * (empty list: any value, e.g. a task force code). A breakdown becomes an equality filter on
 * the fact's filter field of the same name when the figure is reconciled with records.
 */
import { ActionType, Leniency } from '../enforcement/enforcement-case.entity';
import { AgencyLevel } from '../agency/agency.entity';
import { CaseFileReviewKind } from '../case-file-review/case-file-review.entity';
import { LegalityReviewKind } from '../legality-review/legality-review.entity';
import { LitigationKind, LitigationOutcome } from '../litigation/litigation-case.entity';
import { TrainingKind } from '../training/training.entity';

export const factBreakdowns: Record<string, Record<string, readonly string[]>> = {
  enforcementCase: { actionType: Object.values(ActionType), leniency: Object.values(Leniency), agencyLevel: Object.values(AgencyLevel) },
  enforcementOfficer: { agencyLevel: Object.values(AgencyLevel) },
  legalityReview: { kind: Object.values(LegalityReviewKind) },
  caseFileReview: { kind: Object.values(CaseFileReviewKind), agencyLevel: Object.values(AgencyLevel) },
  supervisionInspection: { agencyLevel: Object.values(AgencyLevel) },
  training: { kind: Object.values(TrainingKind) },
  taskForceMeeting: { taskForceCode: [] },
  litigationCase: { kind: Object.values(LitigationKind), outcome: Object.values(LitigationOutcome) },
};
