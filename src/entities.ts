/** Every entity, listed once: the ORM config and the schema build read this list. */
import { SummaryDirtyRow, SummaryStateRow } from './analytics/summaries/summary-state.entity';
import { Agency } from './modules/agency/agency.entity';
import { ApiKey } from './modules/auth/api-key.entity';
import { AuditLog } from './modules/auth/audit-log.entity';
import { CaseFileReview, CaseFileReviewItem } from './modules/case-file-review/case-file-review.entity';
import { EnforcementCase } from './modules/enforcement/enforcement-case.entity';
import { City } from './modules/geography/city.entity';
import { County } from './modules/geography/county.entity';
import { Province } from './modules/geography/province.entity';
import { Township } from './modules/geography/township.entity';
import { LegalityReview } from './modules/legality-review/legality-review.entity';
import { LitigationCase } from './modules/litigation/litigation-case.entity';
import { EnforcementOfficer } from './modules/officer/officer.entity';
import { Figure } from './modules/report/figure.entity';
import { Indicator } from './modules/report/indicator.entity';
import { Report } from './modules/report/report.entity';
import { ReportRevision } from './modules/report/report-revision.entity';
import { SupervisionInspection } from './modules/supervision/supervision-inspection.entity';
import { TaskForce, TaskForceMeeting, TaskForceMember } from './modules/task-force/task-force.entity';
import { Training } from './modules/training/training.entity';

export const entities = [
  Province, City, County, Township, Agency,
  EnforcementOfficer, EnforcementCase, LegalityReview, CaseFileReview, CaseFileReviewItem,
  SupervisionInspection, Training, TaskForce, TaskForceMember, TaskForceMeeting, LitigationCase,
  Report, ReportRevision, Indicator, Figure, ApiKey, AuditLog,
  SummaryStateRow, SummaryDirtyRow,
];
