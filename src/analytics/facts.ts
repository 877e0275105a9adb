/** The facts the aggregation engine groups, and their dimensions and measures. */
import { enforcementCaseDecl } from '../modules/enforcement/enforcement-case.decl';
import { officerDecl } from '../modules/officer/officer.decl';
import { legalityReviewDecl } from '../modules/legality-review/legality-review.decl';
import { caseFileReviewItemDecl } from '../modules/case-file-review/case-file-review.decl';
import { supervisionInspectionDecl } from '../modules/supervision/supervision-inspection.decl';
import { trainingDecl } from '../modules/training/training.decl';
import { taskForceMeetingDecl } from '../modules/task-force/task-force.decl';
import { litigationCaseDecl } from '../modules/litigation/litigation-case.decl';
import { amountOf, columnOf, dimensionsOf, distinctOf, placeDimensions, PROVENANCE_DIMENSION, TOWNSHIP_DIMENSION } from './dimensions';
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
    amountOf(enforcementCaseDecl, 'fineAmount', 'Fine imposed (罚款), in yuan.'),
    amountOf(enforcementCaseDecl, 'leniencyAmount', 'Amount involved in lenient cases (涉案金额), in yuan.'),
  ],
  distinct: [
    distinctOf(enforcementCaseDecl, 'agencies', 'agencyId', 'Distinct agencies.'),
    distinctOf(enforcementCaseDecl, 'townships', 'townshipId', 'Distinct townships.'),
  ],
  conditional: [
    { name: 'fined', condition: `${columnOf(enforcementCaseDecl, 'fineAmount')} > 0`, description: 'Cases with a fine.' },
    { name: 'lenient', condition: `${columnOf(enforcementCaseDecl, 'leniency')} <> 'NONE'`, description: 'Cases with leniency applied.', ratio: { name: 'leniencyRate', description: 'Share of penalty cases handled leniently (0-1).', denominator: `${columnOf(enforcementCaseDecl, 'actionType')} = 'PENALTY'` } },
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
  distinct: [distinctOf(officerDecl, 'agencies', 'agencyId', 'Distinct agencies.')],
  conditional: [{ name: 'active', condition: `${columnOf(officerDecl, 'status')} = 'ACTIVE'`, description: 'Officers with an active certificate.' }],
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
  distinct: [distinctOf(legalityReviewDecl, 'agencies', 'agencyId', 'Distinct submitting agencies.')],
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
  numeric: [amountOf(caseFileReviewItemDecl, 'problemsFound', 'Problems found (评查问题).')],
  distinct: [
    distinctOf(caseFileReviewItemDecl, 'reviews', 'reviewId', 'Distinct review rounds.'),
    distinctOf(caseFileReviewItemDecl, 'agencies', 'agencyId', 'Distinct agencies.'),
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
  distinct: [distinctOf(supervisionInspectionDecl, 'agencies', 'agencyId', 'Distinct agencies inspected.')],
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
  numeric: [amountOf(trainingDecl, 'participants', 'Participants (参训人数).')],
  distinct: [distinctOf(trainingDecl, 'agencies', 'agencyId', 'Distinct organising agencies.')],
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
  distinct: [distinctOf(taskForceMeetingDecl, 'taskForces', 'taskForceId', 'Distinct task forces.')],
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
  distinct: [distinctOf(litigationCaseDecl, 'agencies', 'agencyId', 'Distinct agencies party to cases.')],
  conditional: [
    {
      name: 'headAppearances', condition: columnOf(litigationCaseDecl, 'headAppeared'), description: 'Cases where the agency head appeared in court (负责人出庭).',
      ratio: { name: 'headAppearanceRate', description: 'Head-appearance rate (出庭应诉率): appearances / administrative cases, 0-1.', denominator: `${columnOf(litigationCaseDecl, 'kind')} = 'ADMINISTRATIVE'` },
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
