/** The facts the aggregation engine groups, and their dimensions and measures. */
import { enforcementCaseDecl } from '../modules/enforcement/enforcement-case.decl';
import { officerDecl } from '../modules/officer/officer.decl';
import { legalityReviewDecl } from '../modules/legality-review/legality-review.decl';
import { caseFileReviewItemDecl } from '../modules/case-file-review/case-file-review.decl';
import { supervisionInspectionDecl } from '../modules/supervision/supervision-inspection.decl';
import { trainingDecl } from '../modules/training/training.decl';
import { taskForceMeetingDecl } from '../modules/task-force/task-force.decl';
import { litigationCaseDecl } from '../modules/litigation/litigation-case.decl';
import { dimensionsOf, placeDimensions, PROVENANCE_DIMENSION, TOWNSHIP_DIMENSION } from './dimensions';
import type { FactDecl } from './fact';

export const enforcementCaseFact: FactDecl = {
  key: 'enforcementCase',
  typeName: 'EnforcementCase',
  field: 'enforcementCaseStats',
  description: 'Enforcement actions (行政执法案件) grouped and measured.',
  entity: enforcementCaseDecl,
  dimensions: dimensionsOf(enforcementCaseDecl, [
    ...placeDimensions(), TOWNSHIP_DIMENSION, { calendar: 'the decision' },
    { filter: 'actionType', description: 'By kind of action.' },
    { filter: 'leniency', description: 'By leniency applied.' },
    PROVENANCE_DIMENSION,
  ]),
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
  // Province-wide questions read thousands of rows, county-month and agency-year ones a few hundred.
  summaries: [
    { name: 'summary_enforcement_case_yearly', dimensions: ['COUNTY', 'YEAR', 'ACTION_TYPE', 'LENIENCY', 'PROVENANCE'] },
    { name: 'summary_enforcement_case_monthly', dimensions: ['COUNTY', 'MONTH', 'ACTION_TYPE', 'LENIENCY', 'PROVENANCE'] },
    { name: 'summary_enforcement_case_by_agency', dimensions: ['COUNTY', 'AGENCY', 'YEAR', 'ACTION_TYPE', 'LENIENCY', 'PROVENANCE'] },
  ],
};

export const enforcementOfficerFact: FactDecl = {
  key: 'enforcementOfficer',
  typeName: 'EnforcementOfficer',
  field: 'enforcementOfficerStats',
  description: 'Enforcement officers and certificates (行政执法人员) grouped and counted. YEAR is the year of issue; filter activeOn for holders at a date.',
  entity: officerDecl,
  dimensions: dimensionsOf(officerDecl, [
    ...placeDimensions(), { calendar: 'issue of the certificate' },
    { filter: 'status', description: 'By certificate status.' },
    { filter: 'cancellationReason', description: 'By reason of cancellation (null: not cancelled).' },
    { filter: 'cancellationYear', description: 'By year of cancellation (null: not cancelled).' },
    PROVENANCE_DIMENSION,
  ]),
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
  dimensions: dimensionsOf(legalityReviewDecl, [
    ...placeDimensions('submitting agency'), { calendar: 'the review' },
    { filter: 'kind', description: 'By what was reviewed.' },
    PROVENANCE_DIMENSION,
  ]),
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
  dimensions: dimensionsOf(caseFileReviewItemDecl, [
    ...placeDimensions('agency whose file it is'), { calendar: 'the review round' },
    { filter: 'kind', description: 'By kind of review round.' },
    PROVENANCE_DIMENSION,
  ]),
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
  dimensions: dimensionsOf(supervisionInspectionDecl, [...placeDimensions('inspected agency'), { calendar: 'the inspection' }, PROVENANCE_DIMENSION]),
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
  dimensions: dimensionsOf(trainingDecl, [
    ...placeDimensions('organising agency'), { calendar: 'the session' },
    { filter: 'kind', description: 'By kind of training.' },
    PROVENANCE_DIMENSION,
  ]),
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
  dimensions: dimensionsOf(taskForceMeetingDecl, [
    { filter: 'countyId', description: 'By county.' },
    { filter: 'taskForceId', description: 'By task force.' },
    { filter: 'taskForceKind', description: 'By kind of task force.' },
    { calendar: 'the meeting' },
    PROVENANCE_DIMENSION,
  ]),
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
  dimensions: dimensionsOf(litigationCaseDecl, [
    ...placeDimensions('agency party to the case'), { calendar: 'the hearing' },
    { filter: 'kind', description: 'By kind of case.' },
    { filter: 'outcome', description: 'By outcome (null: not reported).' },
    PROVENANCE_DIMENSION,
  ]),
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
