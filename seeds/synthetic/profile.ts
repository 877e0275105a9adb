/**
 * How enforcement activity is spread in a Henan county, for the synthetic records: which
 * departments do what, how the months differ, and the county-year totals. The shares are
 * plausible, not measured; the totals for Yanjin 2023 are the published ones.
 */

export type Action = 'PENALTY' | 'INSPECTION' | 'LICENSE' | 'GUIDANCE' | 'MEDIATION' | 'COERCIVE_MEASURE';
export const ACTIONS: Action[] = ['PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE'];

/** Relative share of each department (by code suffix) in each action, and in certificate holders. */
export interface DepartmentProfile {
  suffix: string;
  shares: Partial<Record<Action, number>>;
  /** Share of the county's holders of 河南省行政执法证 (the certificate the county register and report count). */
  officers: number;
  /**
   * Vertically managed agencies (垂直管理): their staff hold their own system's certificate, issued
   * outside the province's scheme, so the county register holds none of them and they are not in
   * the report's certificate totals.
   */
  ownCertificate?: string;
}

export const DEPARTMENTS: DepartmentProfile[] = [
  { suffix: 'SCJGJ', shares: { PENALTY: 18, INSPECTION: 25, LICENSE: 52, GUIDANCE: 30, COERCIVE_MEASURE: 4 }, officers: 150 },
  { suffix: 'XZSPJ', shares: { LICENSE: 24 }, officers: 30 },
  { suffix: 'GAJ', shares: { PENALTY: 20, INSPECTION: 3, LICENSE: 3, MEDIATION: 25, COERCIVE_MEASURE: 3 }, officers: 120 },
  { suffix: 'STHJJ', shares: { PENALTY: 8, INSPECTION: 12, LICENSE: 1, GUIDANCE: 15, COERCIVE_MEASURE: 4 }, officers: 45 },
  { suffix: 'YJJ', shares: { PENALTY: 6, INSPECTION: 15, LICENSE: 1, GUIDANCE: 10 }, officers: 40 },
  { suffix: 'JTJ', shares: { PENALTY: 12, INSPECTION: 6, LICENSE: 4 }, officers: 60 },
  { suffix: 'CGJ', shares: { PENALTY: 10, INSPECTION: 4, LICENSE: 2, COERCIVE_MEASURE: 2 }, officers: 70 },
  { suffix: 'ZRZYJ', shares: { PENALTY: 6, INSPECTION: 4, LICENSE: 3 }, officers: 45 },
  { suffix: 'ZJJ', shares: { PENALTY: 4, INSPECTION: 6, LICENSE: 3, MEDIATION: 5 }, officers: 40 },
  { suffix: 'NYJ', shares: { PENALTY: 4, INSPECTION: 5, LICENSE: 2, GUIDANCE: 10 }, officers: 50 },
  { suffix: 'WJW', shares: { PENALTY: 3, INSPECTION: 6, LICENSE: 5 }, officers: 45 },
  { suffix: 'XFJY', shares: { PENALTY: 3, INSPECTION: 8 }, officers: 0, ownCertificate: '消防监督检查证 (国家消防救援局)' },
  { suffix: 'WGLJ', shares: { PENALTY: 2, INSPECTION: 2, LICENSE: 2 }, officers: 25 },
  { suffix: 'YCJ', shares: { PENALTY: 2, INSPECTION: 1, LICENSE: 1 }, officers: 0, ownCertificate: '烟草专卖系统的执法证件 (国家烟草专卖局)' },
  { suffix: 'SWJ', shares: { PENALTY: 1, GUIDANCE: 20 }, officers: 0, ownCertificate: '税务系统的执法证件 (国家税务总局)' },
  { suffix: 'RSJ', shares: { PENALTY: 1, INSPECTION: 2, GUIDANCE: 10, MEDIATION: 10 }, officers: 25 },
  { suffix: 'SFJ', shares: { MEDIATION: 40 }, officers: 30 },
  { suffix: 'JYJ', shares: { INSPECTION: 2, LICENSE: 2 }, officers: 20 },
  { suffix: 'SLJ', shares: { PENALTY: 1, INSPECTION: 1, LICENSE: 1 }, officers: 20 },
  { suffix: 'YBJ', shares: { PENALTY: 1, INSPECTION: 1 }, officers: 15 },
  { suffix: 'FGW', shares: { INSPECTION: 1 }, officers: 10 },
  { suffix: 'MZJ', shares: { INSPECTION: 1, LICENSE: 1 }, officers: 10 },
  { suffix: 'GXJ', shares: { INSPECTION: 1 }, officers: 10 },
  { suffix: 'TJJ', shares: { PENALTY: 0.5, INSPECTION: 1 }, officers: 8 },
  { suffix: 'CZJ', shares: { INSPECTION: 0.5 }, officers: 8 },
];

/** Township governments' share of each action (comprehensive township enforcement), split among townships. */
export const TOWNSHIP_SHARES: Partial<Record<Action, number>> = { PENALTY: 8, INSPECTION: 3, GUIDANCE: 5, MEDIATION: 20 };

/**
 * Month weights (Jan..Dec) per working day: a year-end push, mediation busier before the new year.
 * The low around 春节 is not here: it comes from the calendar (the holiday week, fewer working days
 * and a quieter fortnight around it, seeds/synthetic/dates.ts), wherever the festival falls.
 */
export const MONTHS: Record<Action, number[]> = {
  PENALTY: [0.9, 0.9, 1, 1, 1.05, 1.05, 1, 1, 1.05, 1, 1.1, 1.25],
  INSPECTION: [0.9, 0.9, 1, 1.1, 1.1, 1.15, 1, 1, 1.1, 1, 1.1, 1.2],
  LICENSE: [1, 1, 1.15, 1.15, 1.1, 1, 0.9, 0.9, 1.1, 1, 1.1, 1.1],
  GUIDANCE: [0.8, 0.8, 1.2, 1, 1, 1, 0.8, 0.8, 1, 1, 1.2, 1.5],
  MEDIATION: [1.2, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1.1, 1.4],
  COERCIVE_MEASURE: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

/**
 * Decisions are made on working days. The deliberate exception: the police decide on the spot and
 * mediate disputes on duty days (当场处罚, 治安调解), so this share of their penalties and mediations
 * falls on a weekend or holiday; it keeps every action's non-working-day share under 2%.
 */
export const POLICE_SUFFIX = 'GAJ';
export const POLICE_DUTY_ACTIONS: Action[] = ['PENALTY', 'MEDIATION'];
export const POLICE_NON_WORKING_SHARE = 0.06;

/**
 * Major penalties (重大行政处罚): for the synthetic records, a fine of 5万元 or more is the criterion
 * (the records hold no licence revocations or closures, the other usual criteria). Each one goes
 * through a legality review (重大执法决定法制审核) before the decision, so the county's major-penalty
 * reviews and its fines of 5万 or more are the same cases. These departments (weights) make them.
 */
export const MAJOR_FINE_YUAN = 50_000;
export const MAJOR_PENALTY_AGENCIES: Record<string, number> = { STHJJ: 5, ZRZYJ: 4, SCJGJ: 3, YJJ: 3, ZJJ: 2, JTJ: 1, CGJ: 1, WJW: 1 };

/** Share of cases located in each kind of township (subdistricts are denser). */
export const TOWNSHIP_KIND_WEIGHT: Record<string, number> = { SUBDISTRICT: 2.2, TOWN: 1.2, TOWNSHIP: 0.8 };

/** What one county publishes for a year, and what the synthetic records must add up to. */
export interface CountyYearTargets {
  actions: Record<Action, number>;
  leniency: { EXEMPTED: [number, number]; MITIGATED: [number, number]; LIGHTER: [number, number] };
  activeDepartmentOfficers: number;
  activeTownshipOfficers: number;
  cancelled: number;
  legalityReviews: Record<string, number>;
  caseFileReviews: { CENTRALIZED: number; ROUTINE: number; files: number; problems: number };
  supervisedUnits: number;
  trainings: Record<string, number>;
  /** Participants of the county-wide general officer trainings (at least this many). */
  generalTrainingParticipants: number;
  taskForceMeetings: Record<string, number>;
  litigation: {
    administrative: number;
    headAppearances: number;
    civil: Record<string, number>;
    enforcement: Record<string, number>;
  };
}

/** The Yanjin 2023 figures, as published (seeds/data/reports/410726_2023_yanjin.json); amounts in yuan. */
export const YANJIN_2023: CountyYearTargets = {
  actions: { PENALTY: 1183, INSPECTION: 1573, LICENSE: 16430, GUIDANCE: 160, MEDIATION: 1726, COERCIVE_MEASURE: 13 },
  leniency: { EXEMPTED: [15, 390900], MITIGATED: [83, 55700], LIGHTER: [5, 10000] },
  activeDepartmentOfficers: 877,
  activeTownshipOfficers: 154,
  cancelled: 42,
  legalityReviews: { GOVERNMENT_DOCUMENT: 520, AGREEMENT: 27, MAJOR_PENALTY: 53, MAJOR_DECISION: 1, NORMATIVE_DOCUMENT: 11, PARTY_NORMATIVE_DOCUMENT: 2 },
  caseFileReviews: { CENTRALIZED: 1, ROUTINE: 12, files: 85, problems: 170 },
  supervisedUnits: 8,
  trainings: {
    LEADERSHIP_SPECIAL: 1, GOVERNMENT_STUDY: 7, OFFICER_GENERAL: 2, OFFICER_PROFESSIONAL: 16,
    OUTREACH: 16, TOWNSHIP_CENTRALIZED: 3, TOWNSHIP_ON_SITE: 16,
  },
  generalTrainingParticipants: 1000,
  taskForceMeetings: { PROBLEM_HOUSING: 5, UNPERFORMED_JUDGMENTS: 3, ENFORCEMENT_TO_BANKRUPTCY: 4, IDLE_LAND: 4, TOWNSHIP_EMPOWERMENT: 2 },
  litigation: {
    administrative: 33,
    headAppearances: 30,
    civil: { MEDIATED: 9, TRANSFERRED_TO_FILING: 14, IN_MEDIATION: 9 },
    enforcement: { SETTLED_OR_TERMINATED: 14, IN_MEDIATION: 3 },
  },
};

/** A synthetic county-year: Yanjin's volumes scaled by the county's size and the year's trend. */
export function scaledTargets(scale: number, jitter: () => number): CountyYearTargets {
  const n = (v: number) => Math.max(0, Math.round(v * scale * (1 + 0.15 * jitter())));
  const map = <T extends Record<string, number>>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, n(v)])) as T;
  const y = YANJIN_2023;
  const admin = n(y.litigation.administrative);
  return {
    actions: map(y.actions),
    leniency: {
      EXEMPTED: [n(15), n(390900)],
      MITIGATED: [n(83), n(55700)],
      LIGHTER: [n(5), n(10000)],
    },
    activeDepartmentOfficers: n(877),
    activeTownshipOfficers: n(154),
    cancelled: n(42),
    legalityReviews: map(y.legalityReviews),
    caseFileReviews: { CENTRALIZED: 1, ROUTINE: 12, files: n(85), problems: n(170) },
    supervisedUnits: Math.min(12, Math.max(1, n(8))),
    trainings: map(y.trainings),
    generalTrainingParticipants: n(1000),
    taskForceMeetings: map(y.taskForceMeetings),
    litigation: {
      administrative: admin,
      headAppearances: Math.min(admin, Math.round(admin * (0.75 + 0.2 * Math.abs(jitter())))),
      civil: map(y.litigation.civil),
      enforcement: map(y.litigation.enforcement),
    },
  };
}

export interface TaskForceProfile {
  code: string;
  name: string;
  nameEn: string;
  kind: 'TASK_FORCE' | 'COORDINATION';
  members: string[];
  source: string;
}

/** The task forces the Yanjin report names (its 2023 meeting counts are in YANJIN_2023). */
export const TASK_FORCES: TaskForceProfile[] = [
  { code: 'PROBLEM_HOUSING', name: '问题楼盘专班', nameEn: 'Problem Housing Projects Task Force', kind: 'TASK_FORCE', members: ['ZJJ', 'ZRZYJ', 'SFJ', 'SCJGJ', 'GAJ'], source: '问题楼盘专班召开会议5次' },
  { code: 'UNPERFORMED_JUDGMENTS', name: '涉党政机关未履行生效判决专班', nameEn: 'Task Force on Unperformed Judgments against Party and Government Bodies', kind: 'TASK_FORCE', members: ['SFJ', 'CZJ'], source: '涉党政机关未履行生效判决专班召开会议3次' },
  { code: 'ENFORCEMENT_TO_BANKRUPTCY', name: '执行转破产工作专班', nameEn: 'Enforcement-to-Bankruptcy Task Force', kind: 'TASK_FORCE', members: ['SFJ', 'SCJGJ', 'SWJ', 'RSJ'], source: '执行转破产工作专班召开会议4次' },
  { code: 'IDLE_LAND', name: '批而未供闲置土地低效用地工作专班', nameEn: 'Approved-but-Unsupplied, Idle and Inefficient Land Task Force', kind: 'TASK_FORCE', members: ['ZRZYJ', 'FGW', 'CZJ', 'ZJJ'], source: '批而未供闲置土地低效用地工作专班召开会议4次' },
  { code: 'TOWNSHIP_EMPOWERMENT', name: '乡(镇、街道)赋权工作协调会', nameEn: 'Township Empowerment Coordination Meeting', kind: 'COORDINATION', members: ['SFJ', 'SCJGJ', 'ZRZYJ', 'ZJJ', 'CGJ', 'STHJJ'], source: '召开乡(镇、街道)赋权工作协调会2次' },
];

/** Units the special supervision inspected first: the two the report names, then the busiest. */
export const SUPERVISED_FIRST = ['STHJJ', 'YJJ', 'SCJGJ', 'GAJ', 'JTJ', 'CGJ', 'ZRZYJ', 'ZJJ', 'NYJ', 'WJW', 'XFJY', 'WGLJ'];

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯峰亮新利';
