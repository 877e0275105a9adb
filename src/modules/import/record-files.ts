/**
 * CSV record files: one file per fact, with a fixed header (documented in the README, "Add a
 * county"). Each column says how a cell is checked; the natural key makes imports idempotent.
 */
import { AgencyLevel } from '../agency/agency.entity';
import { ActionType, Leniency } from '../enforcement/enforcement-case.entity';
import { TownshipKind } from '../geography/township.entity';
import { LitigationKind, LitigationOutcome } from '../litigation/litigation-case.entity';
import { CancellationReason, CertificateStatus } from '../officer/officer.entity';

export type CellType = 'code' | 'text' | 'date' | 'money' | 'int' | 'bool' | { enum: object };

export interface Column {
  name: string;
  type: CellType;
  required: boolean;
  max?: number;
  description: string;
}

export interface RecordFileSpec {
  /** CLI name: cases, officers, litigation. */
  name: string;
  table: string;
  description: string;
  columns: Column[];
  /** Columns that identify a row within a county. */
  key: string[];
  /** The unique columns an import updates by; default: county_id and the key after county_code. */
  conflict?: string[];
  /**
   * The date column a partitioned table is split by. Its unique keys must hold it, so a re-imported
   * row whose date changed is first moved (updated in place, across partitions) before the upsert.
   */
  partitionDate?: string;
  /** Upsert from the staging table `s` (text columns): select list in `columns` order, and joins. */
  insertColumns: string[];
  select: string;
  from: string;
  /** Set-based checks on the staging table: rows whose references do not resolve. */
  references: { column: string; message: string; missing: string }[];
  /**
   * Checks across the cells of one row, mirroring the table's CHECK constraints (src/common/invariants.ts).
   * Each runs only when the cells it reads passed their own checks; cells are trimmed, '' when empty.
   */
  rowRules: RowRule[];
}

export interface RowRule {
  /** The constraint it mirrors. */
  constraint: string;
  reads: string[];
  /** The problem, or null; `column` is the cell to point at. */
  check: (cells: Record<string, string>) => { column: string; message: string } | null;
}

const county: Column = { name: 'county_code', type: 'code', required: true, max: 6, description: 'GB/T 2260 county code, e.g. 410726.' };
const source: Column = { name: 'source', type: 'text', required: false, max: 500, description: 'Where the row comes from (system, export date); defaults to the file name.' };

const countyJoin = 'JOIN county c ON c.code = s.county_code';
const countyRef = { column: 'county_code', message: 'unknown county code', missing: 'NOT EXISTS (SELECT 1 FROM county c WHERE c.code = s.county_code)' };
const agencyRef = (col: string, required: boolean) => ({
  column: col,
  message: 'no agency with this code in the row\'s county',
  missing: `${required ? '' : `s.${col} IS NOT NULL AND `}NOT EXISTS (SELECT 1 FROM agency a JOIN county c ON c.id = a.county_id WHERE a.code = s.${col} AND c.code = s.county_code)`,
});

/** An optional township_code must name a township of the row's county (townships import first). */
const townshipRef = {
  column: 'township_code',
  message: 'no township with this code in the row\'s county (import the townships first)',
  missing: 's.township_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM township t JOIN county c ON c.id = t.county_id WHERE t.code = s.township_code AND c.code = s.county_code)',
};

export const recordFiles: RecordFileSpec[] = [
  {
    name: 'townships',
    table: 'township',
    description: 'Township-level divisions (乡镇/街道) of a county: import them first, so agencies and cases can name them.',
    columns: [
      county,
      { name: 'code', type: 'code', required: true, max: 9, description: 'Statistical division code, nine digits starting with the county code (natural key).' },
      { name: 'name', type: 'text', required: true, max: 60, description: 'Name as published, in Chinese.' },
      { name: 'kind', type: { enum: TownshipKind }, required: true, description: Object.values(TownshipKind).join(' | ') },
      { name: 'name_en', type: 'text', required: false, max: 120, description: 'English name, optional.' },
      source,
    ],
    key: ['county_code', 'code'],
    conflict: ['code'],
    insertColumns: ['county_id', 'source', 'code', 'name', 'kind', 'name_en'],
    select: 'c.id, s.source, s.code, s.name, s.kind, s.name_en',
    from: countyJoin,
    references: [countyRef],
    rowRules: [{
      constraint: 'township code within its county',
      reads: ['county_code', 'code'],
      check: ({ county_code: c, code }) => (/^\d{9}$/.test(code) && code.startsWith(c) ? null : { column: 'code', message: `must be nine digits starting with the county code ${c} (got ${code})` }),
    }],
  },
  {
    name: 'agencies',
    table: 'agency',
    description: 'Agencies (行政机关/执法单位) of a county: county departments and township governments; import before the cases, officers and court cases that name them.',
    columns: [
      county,
      { name: 'code', type: 'code', required: true, max: 40, description: 'County code, a hyphen and a short code, e.g. 411521-SFJ (natural key).' },
      { name: 'name', type: 'text', required: true, max: 100, description: 'Name as published, in Chinese.' },
      { name: 'level', type: { enum: AgencyLevel }, required: true, description: Object.values(AgencyLevel).join(' | ') },
      { name: 'township_code', type: 'code', required: false, max: 9, description: 'For a township government (level TOWNSHIP): the township it governs; empty otherwise.' },
      { name: 'name_en', type: 'text', required: false, max: 200, description: 'English name, optional.' },
      source,
    ],
    key: ['county_code', 'code'],
    conflict: ['code'],
    insertColumns: ['county_id', 'provenance', 'source', 'code', 'name', 'level', 'township_id', 'name_en'],
    select: `c.id, 'IMPORTED', s.source, s.code, s.name, s.level, t.id, s.name_en`,
    from: `${countyJoin} LEFT JOIN township t ON t.code = s.township_code AND t.county_id = c.id`,
    references: [countyRef, townshipRef],
    rowRules: [
      {
        constraint: 'agency code within its county',
        reads: ['county_code', 'code'],
        check: ({ county_code: c, code }) => (code.startsWith(`${c}-`) && code.length > c.length + 1 ? null : { column: 'code', message: `must start with the county code and a hyphen, e.g. ${c}-SFJ (got ${code})` }),
      },
      {
        constraint: 'a township government names its township',
        reads: ['level', 'township_code'],
        check: ({ level, township_code: t }) => {
          if (level === AgencyLevel.TOWNSHIP && !t) return { column: 'township_code', message: 'is required for a township government (level TOWNSHIP)' };
          if (level === AgencyLevel.COUNTY_DEPARTMENT && t) return { column: 'township_code', message: 'must be empty for a county department' };
          return null;
        },
      },
    ],
  },
  {
    name: 'population',
    table: 'county_population',
    description: 'Resident population (常住人口) of a county by year, with its source: comparisons per 10,000 residents divide by it.',
    columns: [
      county,
      { name: 'year', type: 'int', required: true, description: 'Year the population refers to (at year end) (natural key).' },
      { name: 'population', type: 'int', required: true, description: 'Resident population, persons.' },
      { ...source, required: true, description: 'Where the figure is published, e.g. the county statistical bulletin of the next year.' },
    ],
    key: ['county_code', 'year'],
    insertColumns: ['county_id', 'year', 'population', 'source'],
    select: 'c.id, s.year::smallint, s.population::int, s.source',
    from: countyJoin,
    references: [countyRef],
    rowRules: [
      { constraint: 'county_population_year_plausible', reads: ['year'], check: ({ year }) => (Number(year) >= 1949 && Number(year) <= 2100 ? null : { column: 'year', message: `must be between 1949 and 2100 (got ${year})` }) },
      { constraint: 'county_population_positive', reads: ['population'], check: ({ population }) => (Number(population) > 0 ? null : { column: 'population', message: 'must be more than 0' }) },
    ],
  },
  {
    name: 'cases',
    table: 'enforcement_case',
    description: 'Enforcement actions (行政执法案件).',
    columns: [
      county,
      { name: 'case_number', type: 'text', required: true, max: 64, description: 'Case or file number, unique within the county (natural key).' },
      { name: 'agency_code', type: 'code', required: true, max: 40, description: 'Deciding agency, e.g. 410726-SCJGJ.' },
      { name: 'township_code', type: 'code', required: false, max: 9, description: 'Township where it happened (nine digits), optional.' },
      { name: 'action_type', type: { enum: ActionType }, required: true, description: Object.values(ActionType).join(' | ') },
      { name: 'decided_on', type: 'date', required: true, description: 'YYYY-MM-DD.' },
      { name: 'fine_amount', type: 'money', required: false, description: 'Fine in yuan, at most two decimals; empty = 0.' },
      { name: 'leniency', type: { enum: Leniency }, required: false, description: `${Object.values(Leniency).join(' | ')}; empty = NONE.` },
      { name: 'leniency_amount', type: 'money', required: false, description: 'Amount involved in a lenient case, yuan.' },
      source,
    ],
    key: ['county_code', 'case_number'],
    partitionDate: 'decided_on',
    insertColumns: ['county_id', 'provenance', 'source', 'case_number', 'agency_id', 'township_id', 'action_type', 'decided_on', 'fine_amount_fen', 'leniency', 'leniency_amount_fen'],
    select: `c.id, 'IMPORTED', s.source, s.case_number, a.id, t.id, s.action_type, s.decided_on::date,
      COALESCE(round(s.fine_amount::numeric * 100)::bigint, 0), COALESCE(s.leniency, 'NONE'), round(s.leniency_amount::numeric * 100)::bigint`,
    from: `${countyJoin} JOIN agency a ON a.code = s.agency_code AND a.county_id = c.id LEFT JOIN township t ON t.code = s.township_code AND t.county_id = c.id`,
    references: [countyRef, agencyRef('agency_code', true), townshipRef],
    rowRules: [{
      constraint: 'enforcement_case_leniency_amount_when_lenient',
      reads: ['leniency', 'leniency_amount'],
      check: ({ leniency, leniency_amount: amount }) => {
        const kind = leniency || Leniency.NONE;
        if (kind === Leniency.NONE && amount) return { column: 'leniency_amount', message: `must be empty when leniency is NONE (got ${amount})` };
        if (kind !== Leniency.NONE && !amount) return { column: 'leniency_amount', message: `is required when leniency is ${kind} (the amount involved; 0 if none)` };
        return null;
      },
    }],
  },
  {
    name: 'officers',
    table: 'enforcement_officer',
    description: 'Enforcement officers and their certificates (行政执法人员). Names and certificate numbers are personal data.',
    columns: [
      county,
      { name: 'certificate_number', type: 'text', required: true, max: 40, description: 'Certificate number, unique within the county (natural key).' },
      { name: 'agency_code', type: 'code', required: true, max: 40, description: 'The officer\'s agency.' },
      { name: 'name', type: 'text', required: true, max: 64, description: 'Name.' },
      { name: 'status', type: { enum: CertificateStatus }, required: true, description: Object.values(CertificateStatus).join(' | ') },
      { name: 'issued_on', type: 'date', required: true, description: 'YYYY-MM-DD.' },
      { name: 'cancelled_on', type: 'date', required: false, description: 'YYYY-MM-DD, for cancelled certificates.' },
      { name: 'cancellation_reason', type: { enum: CancellationReason }, required: false, description: Object.values(CancellationReason).join(' | ') },
      source,
    ],
    key: ['county_code', 'certificate_number'],
    insertColumns: ['county_id', 'provenance', 'source', 'agency_id', 'name', 'certificate_number', 'status', 'issued_on', 'cancelled_on', 'cancellation_reason'],
    select: `c.id, 'IMPORTED', s.source, a.id, s.name, s.certificate_number, s.status, s.issued_on::date, s.cancelled_on::date, s.cancellation_reason`,
    from: `${countyJoin} JOIN agency a ON a.code = s.agency_code AND a.county_id = c.id`,
    references: [countyRef, agencyRef('agency_code', true)],
    rowRules: [
      {
        constraint: 'enforcement_officer_cancelled_has_date',
        reads: ['status', 'cancelled_on', 'cancellation_reason'],
        check: ({ status, cancelled_on: on, cancellation_reason: reason }) => {
          if (status !== CertificateStatus.CANCELLED) return null;
          if (!on) return { column: 'cancelled_on', message: 'is required when status is CANCELLED' };
          if (!reason) return { column: 'cancellation_reason', message: 'is required when status is CANCELLED' };
          return null;
        },
      },
      {
        constraint: 'enforcement_officer_active_not_cancelled',
        reads: ['status', 'cancelled_on', 'cancellation_reason'],
        check: ({ status, cancelled_on: on, cancellation_reason: reason }) => {
          if (status !== CertificateStatus.ACTIVE) return null;
          if (on) return { column: 'cancelled_on', message: `must be empty when status is ACTIVE (got ${on})` };
          if (reason) return { column: 'cancellation_reason', message: `must be empty when status is ACTIVE (got ${reason})` };
          return null;
        },
      },
      {
        constraint: 'enforcement_officer_cancelled_after_issued',
        reads: ['issued_on', 'cancelled_on'],
        check: ({ issued_on: issued, cancelled_on: on }) => (on && on < issued ? { column: 'cancelled_on', message: `${on} is before issued_on ${issued}` } : null),
      },
    ],
  },
  {
    name: 'litigation',
    table: 'litigation_case',
    description: 'Court cases involving agencies (行政/民事/执行案件).',
    columns: [
      county,
      { name: 'case_number', type: 'text', required: true, max: 64, description: 'Court case number (案号), unique within the county (natural key).' },
      { name: 'kind', type: { enum: LitigationKind }, required: true, description: Object.values(LitigationKind).join(' | ') },
      { name: 'defendant_agency_code', type: 'code', required: false, max: 40, description: 'Agency party to the case.' },
      { name: 'heard_on', type: 'date', required: true, description: 'YYYY-MM-DD.' },
      { name: 'head_appeared', type: 'bool', required: false, description: 'true / false: the agency head appeared (administrative cases).' },
      { name: 'outcome', type: { enum: LitigationOutcome }, required: false, description: Object.values(LitigationOutcome).join(' | ') },
      source,
    ],
    key: ['county_code', 'case_number'],
    partitionDate: 'heard_on',
    insertColumns: ['county_id', 'provenance', 'source', 'case_number', 'kind', 'defendant_agency_id', 'heard_on', 'head_appeared', 'outcome'],
    select: `c.id, 'IMPORTED', s.source, s.case_number, s.kind, a.id, s.heard_on::date, s.head_appeared::boolean, s.outcome`,
    from: `${countyJoin} LEFT JOIN agency a ON a.code = s.defendant_agency_code AND a.county_id = c.id`,
    references: [countyRef, agencyRef('defendant_agency_code', false)],
    rowRules: [],
  },
];

export function recordFile(name: string): RecordFileSpec | undefined {
  return recordFiles.find((f) => f.name === name);
}
