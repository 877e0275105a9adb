/** The facts the aggregation engine groups, and their dimensions and measures. */
import { ActionType, Leniency } from '../modules/enforcement/enforcement-case.entity';
import { enforcementCaseDecl } from '../modules/enforcement/enforcement-case.decl';
import { CancellationReason, CertificateStatus } from '../modules/officer/officer.entity';
import { officerDecl } from '../modules/officer/officer.decl';
import { LegalityReviewKind } from '../modules/legality-review/legality-review.entity';
import { legalityReviewDecl } from '../modules/legality-review/legality-review.decl';
import { CaseFileReviewKind } from '../modules/case-file-review/case-file-review.entity';
import { caseFileReviewItemDecl } from '../modules/case-file-review/case-file-review.decl';
import { supervisionInspectionDecl } from '../modules/supervision/supervision-inspection.decl';
import { TrainingKind } from '../modules/training/training.entity';
import { trainingDecl } from '../modules/training/training.decl';
import { TaskForce, TaskForceKind } from '../modules/task-force/task-force.entity';
import { taskForceMeetingDecl } from '../modules/task-force/task-force.decl';
import { LitigationKind, LitigationOutcome } from '../modules/litigation/litigation-case.entity';
import { litigationCaseDecl } from '../modules/litigation/litigation-case.decl';
import { agencyDimensions, calendarDimensions, countyDimension, townshipDimension } from './common-dimensions';
import type { FactDecl } from './fact';

export const enforcementCaseFact: FactDecl = {
  key: 'enforcementCase',
  typeName: 'EnforcementCase',
  field: 'enforcementCaseStats',
  description: 'Enforcement actions (行政执法案件) grouped and measured.',
  entity: enforcementCaseDecl,
  dimensions: [
    countyDimension('c.county_id'),
    ...agencyDimensions('c.agency_id', 'agency', 'ca'),
    townshipDimension('c.township_id'),
    ...calendarDimensions('the decision'),
    { name: 'ACTION_TYPE', field: 'actionType', sql: 'c.action_type', key: { kind: 'enum', enumType: ActionType }, description: 'By kind of action.' },
    { name: 'LENIENCY', field: 'leniency', sql: 'c.leniency', key: { kind: 'enum', enumType: Leniency }, description: 'By leniency applied.' },
  ],
  numeric: [
    { name: 'fineAmount', sql: 'c.fine_amount_fen', kind: 'money', description: 'Fine imposed (罚款), in yuan.' },
    { name: 'leniencyAmount', sql: 'c.leniency_amount_fen', kind: 'money', description: 'Amount involved in lenient cases (涉案金额), in yuan.' },
  ],
  distinct: [
    { name: 'agencies', sql: 'c.agency_id', description: 'Distinct agencies.' },
    { name: 'townships', sql: 'c.township_id', description: 'Distinct townships.' },
  ],
  conditional: [
    { name: 'fined', condition: 'c.fine_amount_fen > 0', description: 'Cases with a fine.' },
    { name: 'lenient', condition: "c.leniency <> 'NONE'", description: 'Cases with leniency applied.', ratio: { name: 'leniencyRate', description: 'Share of penalty cases handled leniently (0-1).', denominator: "c.action_type = 'PENALTY'" } },
  ],
};

export const enforcementOfficerFact: FactDecl = {
  key: 'enforcementOfficer',
  typeName: 'EnforcementOfficer',
  field: 'enforcementOfficerStats',
  description: 'Enforcement officers and certificates (行政执法人员) grouped and counted. YEAR is the year of issue; filter activeOn for holders at a date.',
  entity: officerDecl,
  dimensions: [
    countyDimension('o.county_id'),
    ...agencyDimensions('o.agency_id', 'agency', 'oa'),
    ...calendarDimensions('issue of the certificate'),
    { name: 'STATUS', field: 'status', sql: 'o.status', key: { kind: 'enum', enumType: CertificateStatus }, description: 'By certificate status.' },
    { name: 'CANCELLATION_REASON', field: 'cancellationReason', sql: 'o.cancellation_reason', key: { kind: 'enum', enumType: CancellationReason }, description: 'By reason of cancellation (null: not cancelled).' },
    { name: 'CANCELLATION_YEAR', field: 'cancellationYear', sql: 'extract(year FROM o.cancelled_on)::int', key: { kind: 'int' }, description: 'By year of cancellation (null: not cancelled).' },
  ],
  numeric: [],
  distinct: [{ name: 'agencies', sql: 'o.agency_id', description: 'Distinct agencies.' }],
  conditional: [{ name: 'active', condition: "o.status = 'ACTIVE'", description: 'Officers with an active certificate.' }],
};

export const legalityReviewFact: FactDecl = {
  key: 'legalityReview',
  typeName: 'LegalityReview',
  field: 'legalityReviewStats',
  description: 'Legality reviews (合法性审查) grouped and counted.',
  entity: legalityReviewDecl,
  dimensions: [
    countyDimension('r.county_id'),
    ...agencyDimensions('r.agency_id', 'agency', 'ra', 'submitting agency'),
    ...calendarDimensions('the review'),
    { name: 'KIND', field: 'kind', sql: 'r.kind', key: { kind: 'enum', enumType: LegalityReviewKind }, description: 'By what was reviewed.' },
  ],
  numeric: [],
  distinct: [{ name: 'agencies', sql: 'r.agency_id', description: 'Distinct submitting agencies.' }],
  conditional: [],
};

export const caseFileReviewFact: FactDecl = {
  key: 'caseFileReview',
  typeName: 'CaseFileReview',
  field: 'caseFileReviewStats',
  description: 'Case files sampled by case-file reviews (案卷评查), grouped; count is the number of files.',
  entity: caseFileReviewItemDecl,
  dimensions: [
    countyDimension('i.county_id'),
    ...agencyDimensions('i.agency_id', 'agency', 'ia', 'agency whose file it is'),
    ...calendarDimensions('the review round', ['review']),
    { name: 'KIND', field: 'kind', sql: 'iv.kind', joins: ['review'], key: { kind: 'enum', enumType: CaseFileReviewKind }, description: 'By kind of review round.' },
  ],
  numeric: [{ name: 'problemsFound', sql: 'i.problems_found', kind: 'int', description: 'Problems found (评查问题).' }],
  distinct: [
    { name: 'reviews', sql: 'i.review_id', description: 'Distinct review rounds.' },
    { name: 'agencies', sql: 'i.agency_id', description: 'Distinct agencies.' },
  ],
  conditional: [],
};

export const supervisionInspectionFact: FactDecl = {
  key: 'supervisionInspection',
  typeName: 'SupervisionInspection',
  field: 'supervisionInspectionStats',
  description: 'Special supervision inspections (专项监督检查) grouped and counted.',
  entity: supervisionInspectionDecl,
  dimensions: [countyDimension('s.county_id'), ...agencyDimensions('s.agency_id', 'agency', 'sa', 'inspected agency'), ...calendarDimensions('the inspection')],
  numeric: [],
  distinct: [{ name: 'agencies', sql: 's.agency_id', description: 'Distinct agencies inspected.' }],
  conditional: [],
};

export const trainingFact: FactDecl = {
  key: 'training',
  typeName: 'Training',
  field: 'trainingStats',
  description: 'Trainings and law-study sessions (培训/学法) grouped and measured.',
  entity: trainingDecl,
  dimensions: [
    countyDimension('t.county_id'),
    ...agencyDimensions('t.organizer_id', 'agency', 'ta', 'organising agency'),
    ...calendarDimensions('the session'),
    { name: 'KIND', field: 'kind', sql: 't.kind', key: { kind: 'enum', enumType: TrainingKind }, description: 'By kind of training.' },
  ],
  numeric: [{ name: 'participants', sql: 't.participants', kind: 'int', description: 'Participants (参训人数).' }],
  distinct: [{ name: 'agencies', sql: 't.organizer_id', description: 'Distinct organising agencies.' }],
  conditional: [],
};

export const taskForceMeetingFact: FactDecl = {
  key: 'taskForceMeeting',
  typeName: 'TaskForceMeeting',
  field: 'taskForceMeetingStats',
  description: 'Task force meetings (专班会议) grouped and counted.',
  entity: taskForceMeetingDecl,
  dimensions: [
    countyDimension('m.county_id'),
    { name: 'TASK_FORCE', field: 'taskForce', sql: 'm.task_force_id', key: { kind: 'node', entity: TaskForce }, description: 'By task force.' },
    { name: 'TASK_FORCE_KIND', field: 'taskForceKind', sql: 'mf.kind', joins: ['taskForce'], key: { kind: 'enum', enumType: TaskForceKind }, description: 'By kind of task force.' },
    ...calendarDimensions('the meeting'),
  ],
  numeric: [],
  distinct: [{ name: 'taskForces', sql: 'm.task_force_id', description: 'Distinct task forces.' }],
  conditional: [],
};

export const litigationCaseFact: FactDecl = {
  key: 'litigationCase',
  typeName: 'LitigationCase',
  field: 'litigationCaseStats',
  description: 'Court cases involving agencies (涉诉案件) grouped and measured.',
  entity: litigationCaseDecl,
  dimensions: [
    countyDimension('l.county_id'),
    ...agencyDimensions('l.defendant_agency_id', 'agency', 'la', 'agency party to the case'),
    ...calendarDimensions('the hearing'),
    { name: 'KIND', field: 'kind', sql: 'l.kind', key: { kind: 'enum', enumType: LitigationKind }, description: 'By kind of case.' },
    { name: 'OUTCOME', field: 'outcome', sql: 'l.outcome', key: { kind: 'enum', enumType: LitigationOutcome }, description: 'By outcome (null: not reported).' },
  ],
  numeric: [],
  distinct: [{ name: 'agencies', sql: 'l.defendant_agency_id', description: 'Distinct agencies party to cases.' }],
  conditional: [
    {
      name: 'headAppearances', condition: 'l.head_appeared', description: 'Cases where the agency head appeared in court (负责人出庭).',
      ratio: { name: 'headAppearanceRate', description: 'Head-appearance rate (出庭应诉率): appearances / administrative cases, 0-1.', denominator: "l.kind = 'ADMINISTRATIVE'" },
    },
  ],
};

export const facts: FactDecl[] = [
  enforcementCaseFact, enforcementOfficerFact, legalityReviewFact, caseFileReviewFact,
  supervisionInspectionFact, trainingFact, taskForceMeetingFact, litigationCaseFact,
];

export function factByKey(key: string): FactDecl | undefined {
  return facts.find((f) => f.key === key);
}
