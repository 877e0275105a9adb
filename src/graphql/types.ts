/** Connection, filter and order types of every listable entity, built once from the declarations. */
import { Agency } from '../modules/agency/agency.entity';
import { agencyDecl } from '../modules/agency/agency.decl';
import { CaseFileReview, CaseFileReviewItem } from '../modules/case-file-review/case-file-review.entity';
import { caseFileReviewDecl, caseFileReviewItemDecl } from '../modules/case-file-review/case-file-review.decl';
import { EnforcementCase } from '../modules/enforcement/enforcement-case.entity';
import { enforcementCaseDecl } from '../modules/enforcement/enforcement-case.decl';
import { Township } from '../modules/geography/township.entity';
import { townshipDecl } from '../modules/geography/township.decl';
import { LegalityReview } from '../modules/legality-review/legality-review.entity';
import { legalityReviewDecl } from '../modules/legality-review/legality-review.decl';
import { LitigationCase } from '../modules/litigation/litigation-case.entity';
import { litigationCaseDecl } from '../modules/litigation/litigation-case.decl';
import { EnforcementOfficer } from '../modules/officer/officer.entity';
import { officerDecl } from '../modules/officer/officer.decl';
import { Figure } from '../modules/report/figure.entity';
import { Indicator } from '../modules/report/indicator.entity';
import { Report } from '../modules/report/report.entity';
import { figureDecl, indicatorDecl, reportDecl } from '../modules/report/report.decl';
import { SupervisionInspection } from '../modules/supervision/supervision-inspection.entity';
import { supervisionInspectionDecl } from '../modules/supervision/supervision-inspection.decl';
import { TaskForce, TaskForceMeeting } from '../modules/task-force/task-force.entity';
import { taskForceDecl, taskForceMeetingDecl } from '../modules/task-force/task-force.decl';
import { Training } from '../modules/training/training.entity';
import { trainingDecl } from '../modules/training/training.decl';
import { AuditLog } from '../modules/auth/audit-log.entity';
import { auditLogDecl } from '../modules/auth/audit-log.decl';
import { connectionTypes, type ConnectionTypes } from './connection-types';
import type { EntityDecl } from '../query/declaration';

export const AgencyTypes = connectionTypes(agencyDecl, Agency);
export const TownshipTypes = connectionTypes(townshipDecl, Township);
export const EnforcementCaseTypes = connectionTypes(enforcementCaseDecl, EnforcementCase);
export const EnforcementOfficerTypes = connectionTypes(officerDecl, EnforcementOfficer);
export const LegalityReviewTypes = connectionTypes(legalityReviewDecl, LegalityReview);
export const CaseFileReviewTypes = connectionTypes(caseFileReviewDecl, CaseFileReview);
export const CaseFileReviewItemTypes = connectionTypes(caseFileReviewItemDecl, CaseFileReviewItem);
export const SupervisionInspectionTypes = connectionTypes(supervisionInspectionDecl, SupervisionInspection);
export const TrainingTypes = connectionTypes(trainingDecl, Training);
export const TaskForceTypes = connectionTypes(taskForceDecl, TaskForce);
export const TaskForceMeetingTypes = connectionTypes(taskForceMeetingDecl, TaskForceMeeting);
export const LitigationCaseTypes = connectionTypes(litigationCaseDecl, LitigationCase);
export const ReportTypes = connectionTypes(reportDecl, Report);
export const FigureTypes = connectionTypes(figureDecl, Figure);
export const IndicatorTypes = connectionTypes(indicatorDecl, Indicator);
export const AuditLogTypes = connectionTypes(auditLogDecl, AuditLog);

/** Connection types by entity declaration name (the stats types reuse each entity's filter input). */
export const typesByDecl: Record<string, ReturnType<typeof connectionTypes>> = {
  Agency: AgencyTypes, Township: TownshipTypes, EnforcementCase: EnforcementCaseTypes, EnforcementOfficer: EnforcementOfficerTypes,
  LegalityReview: LegalityReviewTypes, CaseFileReview: CaseFileReviewTypes, CaseFileReviewItem: CaseFileReviewItemTypes,
  SupervisionInspection: SupervisionInspectionTypes, Training: TrainingTypes, TaskForce: TaskForceTypes,
  TaskForceMeeting: TaskForceMeetingTypes, LitigationCase: LitigationCaseTypes, Report: ReportTypes, Figure: FigureTypes, Indicator: IndicatorTypes,
};

/** Every declaration with its GraphQL types: the lists and relations generated from them (src/graphql/relations.ts). */
export const listedTypes = [
  [agencyDecl, AgencyTypes], [townshipDecl, TownshipTypes], [enforcementCaseDecl, EnforcementCaseTypes], [officerDecl, EnforcementOfficerTypes],
  [legalityReviewDecl, LegalityReviewTypes], [caseFileReviewDecl, CaseFileReviewTypes], [caseFileReviewItemDecl, CaseFileReviewItemTypes],
  [supervisionInspectionDecl, SupervisionInspectionTypes], [trainingDecl, TrainingTypes], [taskForceDecl, TaskForceTypes],
  [taskForceMeetingDecl, TaskForceMeetingTypes], [litigationCaseDecl, LitigationCaseTypes], [reportDecl, ReportTypes], [figureDecl, FigureTypes],
  [indicatorDecl, IndicatorTypes], [auditLogDecl, AuditLogTypes],
].map(([decl, types]) => ({ decl: decl as EntityDecl, types: types as ConnectionTypes }));

/** GraphQL types whose objects are record-level data (need an API key). */
export const recordTypeNames = new Set(
  [enforcementCaseDecl, officerDecl, legalityReviewDecl, caseFileReviewDecl, caseFileReviewItemDecl, supervisionInspectionDecl, trainingDecl, taskForceMeetingDecl, litigationCaseDecl]
    .filter((d) => d.records).map((d) => d.name),
);
