/**
 * Matching rules for the indicators of the seeded catalogue (seeds/data/indicators.json), on top of
 * the similarity of every indicator's Chinese name (matcher.ts), which is all an indicator added
 * later has. `need`: at least one of these words must be in the quote, its clause or the sentence
 * before it, or the indicator is not a candidate; `words`: each adds to the score (more inside the
 * quote than around it); `not`: any of these inside the quote rules the indicator out.
 */
export interface IndicatorRule {
  need: string[];
  words?: string[];
  not?: string[];
}

const PROVINCES = [
  '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州',
  '云南', '陕西', '甘肃', '青海', '内蒙古', '广西', '西藏', '宁夏', '新疆', '北京', '天津', '上海', '重庆',
];
/** A provincial assessment: 全省, 省级, 法治河南… */
const PROVINCE_MARKERS = ['全省', '省级', ...PROVINCES.map((p) => `法治${p}`)];
/** A city's assessment: 全市, 市级, 法治信阳… (Henan's cities and the other cities of the held reports). */
const CITY_MARKERS = ['全市', '市级', ...[
  '郑州', '开封', '洛阳', '平顶山', '安阳', '鹤壁', '新乡', '焦作', '濮阳', '许昌', '漯河', '三门峡', '南阳', '商丘', '信阳', '周口', '驻马店', '济源', '丽水',
].map((c) => `法治${c}`)];

export const INDICATOR_RULES: Record<string, IndicatorRule> = {
  TRAIN_LEADER_SESSIONS: { need: ['培训'], words: ['领导干部', '专题培训会', '法治思想'], not: ['执法人员'] },
  TRAIN_GOV_STUDY_SESSIONS: { need: ['党组'], words: ['党组', '会议', '学习', '学法'] },
  TRAIN_OFFICER_GENERAL_SESSIONS: { need: ['培训'], words: ['行政执法人员', '公共法律知识', '法治思想'], not: ['专业', '考试', '领导干部', '乡', '现场'] },
  TRAIN_OFFICER_GENERAL_PARTICIPANTS: { need: ['培训'], words: ['行政执法人员', '培训'] },
  TRAIN_OFFICER_PROFESSIONAL_SESSIONS: { need: ['专业', '考试'], words: ['专业法律知识', '考试', '培训'] },
  TRAIN_OUTREACH_EVENTS: { need: ['微宣讲', '走基层'], words: ['微宣讲', '走基层', '活动'] },
  TRAIN_TOWNSHIP_CENTRALIZED: { need: ['集中培训'], words: ['乡', '综合行政执法人员', '集中培训'] },
  TRAIN_TOWNSHIP_ON_SITE: { need: ['现场'], words: ['乡', '现场', '专题培训'] },
  LEGAL_REVIEWS: { need: ['合法性审查', '审查'], words: ['合法性审查', '文件', '协议', '重大行政处罚', '重大行政决策', '规范性文件'] },
  CERT_CANCELLED: { need: ['注销'], words: ['注销', '执法证'] },
  CERT_HOLDERS: { need: ['持有', '持证', '执法证件'], words: ['持有', '执法证', '县直', '乡镇', '执法单位'], not: ['注销', '培训'] },
  CASEFILE_REVIEW_ROUNDS: { need: ['评查'], words: ['评查', '卷宗', '案卷', '集中', '常态化'], not: ['问题', '抽取'] },
  CASEFILE_FILES_SAMPLED: { need: ['抽取', '抽查'], words: ['抽取', '抽查', '案卷'] },
  CASEFILE_PROBLEMS_FOUND: { need: ['问题'], words: ['评查问题', '问题'] },
  SUPV_SPECIAL_INSPECTION_UNITS: { need: ['监督检查', '督查'], words: ['专项监督检查', '执法单位'] },
  ENF_PENALTY_TOTAL: { need: ['行政处罚'], words: ['行政处罚'], not: ['重大', '免罚', '减轻', '从轻', '案卷', '金额', '罚没'] },
  ENF_INSPECTION_TOTAL: { need: ['行政检查'], words: ['行政检查'] },
  ENF_LICENSE_TOTAL: { need: ['许可'], words: ['行政许可', '许可数量'], not: ['申请', '受理', '不予', '撤销', '准予'] },
  ENF_LICENSE_GRANTED: { need: ['准予'], words: ['准予行政许可', '准予许可'] },
  ENF_PENALTY_TOTAL_INCL_POLICE: { need: ['公安'], words: ['行政处罚', '公安', '行政拘留'] },
  ENF_GUIDANCE_TOTAL: { need: ['行政指导'], words: ['行政指导'] },
  ENF_MEDIATION_TOTAL: { need: ['行政调解'], words: ['行政调解'] },
  ENF_COERCIVE_TOTAL: { need: ['行政强制'], words: ['行政强制'] },
  LENIENCY_EXEMPTED_CASES: { need: ['免罚', '不予处罚', '免予处罚'], words: ['免罚', '不予处罚', '免予处罚', '案件'], not: ['减轻', '从轻'] },
  LENIENCY_EXEMPTED_AMOUNT: { need: ['免罚', '不予处罚', '免予处罚'], words: ['金额', '免罚'] },
  LENIENCY_MITIGATED_CASES: { need: ['减轻'], words: ['减轻处罚', '案件'], not: ['免罚', '从轻'] },
  LENIENCY_MITIGATED_AMOUNT: { need: ['减轻'], words: ['金额', '减轻处罚'] },
  LENIENCY_LIGHTER_CASES: { need: ['从轻'], words: ['从轻处罚', '案件'], not: ['免罚', '减轻'] },
  LENIENCY_LIGHTER_AMOUNT: { need: ['从轻'], words: ['金额', '从轻处罚'] },
  TF_MEETINGS: { need: ['专班', '协调会'], words: ['专班', '召开会议', '协调会'] },
  // Coordination meetings apart from task-force meetings (the catalogue's revision on main): 协调会 scores higher here.
  COORD_MEETINGS: { need: ['协调会'], words: ['协调会', '赋权', '召开'] },
  // Court cases only: the words of a court (开庭, 审理, 诉讼…) must be near, not just 案件 or 调解 (人民调解, 行政复议案件).
  LIT_CASES: { need: ['开庭', '审理', '诉讼', '法院', '民事案件', '行政案件', '执行案件', '转立案', '执行终结'], words: ['开庭审理', '行政案件', '民事案件', '执行案件', '调解成功', '转立案', '正在调解', '和解', '执行终结'], not: ['负责人', '出庭', '免罚', '减轻', '从轻', '行政处罚', '行政调解'] },
  LIT_HEAD_APPEARANCES: { need: ['出庭'], words: ['负责人', '出庭'], not: ['率'] },
  LIT_HEAD_APPEARANCE_RATE: { need: ['出庭'], words: ['出庭应诉率', '出庭'] },
  LEAD_EXEC_MEETINGS_ROL: { need: ['常务会'], words: ['常务会', '汇报', '法治'] },
  TF_PROMOTION_MEETINGS: { need: ['推进会'], words: ['推进会', '创建'] },
  ASSESS_WEIGHT_POINTS: { need: ['权重'], words: ['权重', '考核'] },
  ASSESS_EXCELLENT_YEARS: { need: ['优秀'], words: ['连续', '优秀', '考核'] },
  // The same with the assessment's level named: a province's or a city's campaign (法治河南, 全市法治信阳…).
  ASSESS_EXCELLENT_YEARS_PROVINCIAL: { need: PROVINCE_MARKERS, words: ['连续', '优秀', '考核', ...PROVINCE_MARKERS] },
  ASSESS_EXCELLENT_YEARS_CITY: { need: CITY_MARKERS, words: ['连续', '优秀', '考核', ...CITY_MARKERS], not: PROVINCE_MARKERS },
  SCOPE_TOWNSHIP_ROL_COMMITTEES: { need: ['委员会'], words: ['依法治', '委员会', '乡镇'] },
  TRAIN_LECTURE_SERIES_YEARS: { need: ['讲堂'], words: ['法治讲堂', '连续'] },
  LEAD_SHUFA_YEARS: { need: ['述法'], words: ['述法', '连续'] },
  SUPV_INSPECTION_YEARS: { need: ['督查'], words: ['综合督查', '连续'] },
  SVC_NO_VISIT_ITEMS: { need: ['不见面'], words: ['不见面'] },
  SVC_ONLINE_CASES: { need: ['网上', '平台'], words: ['网上政务服务平台', '办理', '办件'] },
  LEAD_PARTY_SC_MEETINGS: { need: ['常委会'], words: ['县委常委会', '主持'] },
  LEAD_JOINT_MEETINGS: { need: ['联席会议'], words: ['四大家', '联席会议'] },
  TRAIN_COLLECTIVE_STUDY_SESSIONS: { need: ['学法'], words: ['集中学法', '会前'] },
  TF_COORD_GROUPS: { need: ['协调小组'], words: ['协调小组'] },
  SVC_ITEMS_STANDARDIZED: { need: ['标准化'], words: ['标准化', '要素'] },
  SVC_ONLINE_SHARE: { need: ['网上'], words: ['网上可办'] },
  SVC_NO_CERT_ITEMS: { need: ['免证办'], words: ['免证办'] },
  SVC_ON_THE_SPOT_ITEMS: { need: ['即来即办'], words: ['即来即办'] },
  SVC_3DAY_ITEMS: { need: ['工作日'], words: ['工作日办结'] },
  PWR_LIST_ITEMS: { need: ['权责'], words: ['权责事项', '公开'] },
  SVC_TOWNSHIP_ITEMS: { need: ['承接'], words: ['乡镇', '街道', '承接'], not: ['村', '社区'] },
  SVC_VILLAGE_ITEMS: { need: ['承接'], words: ['村', '社区', '承接'], not: ['乡镇', '街道'] },
  SVC_RATINGS: { need: ['评价'], words: ['好差评', '有效评价'] },
  SVC_POSITIVE_RATE: { need: ['好评率'], words: ['好评率'] },
  OTHER_ARCHIVED_MATERIALS: { need: ['存档'], words: ['存档', '材料'] },
  SUPV_REMINDER_LETTERS: { need: ['提示函'], words: ['提示函'] },
  SUPV_VISITS: { need: ['督导'], words: ['工作督导'] },
  SCOPE_UNITS: { need: ['单位', '部门'], words: ['单位', '涉及'] },
  SCOPE_TOWNSHIPS: { need: ['乡镇'], words: ['乡镇', '涉及'], not: ['委员会', '承接'] },
  ENF_PENALTY_AMOUNT: { need: ['罚没'], words: ['罚没金额', '罚没'] },
};

/**
 * Breakdowns the text names, per breakdown key of a fact: the first keyword found (in the quote,
 * else the nearest in the sentence before it) gives the value. Applied only when the indicator's
 * fact has the key, and the value is one the key allows.
 */
export interface BreakdownRule {
  key: string;
  /** Where the keyword may be: only in the quote, or also in the sentence before it (the list's head). */
  scope: 'quote' | 'sentence';
  values: [string, string[]][];
  /** Indicators whose own name already says it (乡镇…集中培训): no breakdown. */
  unlessNameHas?: string[];
  /** Only these indicators (task-force codes are a county's own). */
  onlyFor?: string[];
}

export const BREAKDOWN_RULES: BreakdownRule[] = [
  {
    key: 'agencyLevel', scope: 'quote', unlessNameHas: ['乡镇', '县直'],
    values: [['COUNTY_DEPARTMENT', ['县直', '县级部门', '县直部门']], ['TOWNSHIP', ['乡镇', '街道', '乡(镇', '乡（镇']]],
  },
  {
    key: 'kind', scope: 'quote', onlyFor: ['LEGAL_REVIEWS'],
    values: [
      ['PARTY_NORMATIVE_DOCUMENT', ['党内规范性文件']], ['NORMATIVE_DOCUMENT', ['规范性文件']], ['MAJOR_PENALTY', ['重大行政处罚', '重大行政执法决定']],
      ['MAJOR_DECISION', ['重大行政决策']], ['AGREEMENT', ['协议', '合同']], ['GOVERNMENT_DOCUMENT', ['政府文件', '县政府文件']],
    ],
  },
  { key: 'kind', scope: 'quote', onlyFor: ['CASEFILE_REVIEW_ROUNDS'], values: [['CENTRALIZED', ['集中评查', '集中']], ['ROUTINE', ['常态化', '日常']]] },
  { key: 'kind', scope: 'sentence', onlyFor: ['LIT_CASES'], values: [['ADMINISTRATIVE', ['行政案件', '行政诉讼']], ['CIVIL', ['民事']], ['ENFORCEMENT', ['执行案件']]] },
  {
    key: 'outcome', scope: 'quote', onlyFor: ['LIT_CASES'],
    values: [['MEDIATED', ['调解成功']], ['TRANSFERRED_TO_FILING', ['转立案']], ['IN_MEDIATION', ['正在调解']], ['SETTLED_OR_TERMINATED', ['和解', '执行终结']]],
  },
  {
    // Yanjin's task forces (seeds): a county's own codes, proposed where the text names the task force.
    key: 'taskForceCode', scope: 'quote', onlyFor: ['TF_MEETINGS', 'COORD_MEETINGS'],
    values: [
      ['PROBLEM_HOUSING', ['问题楼盘']], ['UNPERFORMED_JUDGMENTS', ['未履行生效判决']], ['ENFORCEMENT_TO_BANKRUPTCY', ['执行转破产']],
      ['IDLE_LAND', ['闲置土地', '低效用地']], ['TOWNSHIP_EMPOWERMENT', ['赋权']],
    ],
  },
];
