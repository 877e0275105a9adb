/**
 * proposeFigures (issue 15): checks the request, reads the catalogue the database holds (so
 * indicators added by files are matched too), proposes and renders the draft report file. The
 * GraphQL query and the CLI (`npm run import -- propose`) both come here.
 */
import { factBreakdowns } from '../../analytics/breakdowns';
import { damagedText } from '../../common/invariants';
import type { Queryable } from '../../db/db';
import { sql } from '../../db/sql';
import { BadUserInputError } from '../../errors';
import { gbt2260 } from '../geography/gbt2260';
import type { CatalogueIndicator } from './matcher';
import { proposeFromText, type Proposal } from './propose';
import { renderReportDraft, type ReportDraft } from './report-draft';
import type { SkippedNumber } from './number-finder';

/** Reports run to a few thousand characters (Yanjin's: 2,768); a pasted text longer than this is not one. */
export const MAX_PROPOSE_TEXT_CHARS = 100_000;

export interface ProposeInput {
  text: string;
  areaCode: string;
  year: number;
  /** For the CLI: the text file's path relative to where the draft is written. */
  sourceText?: string;
}

export interface FigureProposals {
  areaCode: string;
  areaName: string;
  year: number;
  figures: Proposal[];
  skipped: SkippedNumber[];
  reportFile: ReportDraft;
}

export async function loadCatalogue(db: Queryable): Promise<CatalogueIndicator[]> {
  const rows = await db.query<{ code: string; name_zh: string; unit: string; unit_aliases: string[]; fact: string | null }>(
    sql`SELECT code, name_zh, unit, unit_aliases, definition->>'fact' AS fact FROM indicator ORDER BY code`);
  return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, unit: r.unit, unitAliases: r.unit_aliases, fact: r.fact }));
}

/** The area's name and level, or a coded error naming the argument. */
export function checkProposeInput(input: ProposeInput, currentYear = new Date().getUTCFullYear()): { areaName: string; areaLevel: 'COUNTY' | 'CITY' } {
  if (!input.text.trim()) throw new BadUserInputError('text is empty: paste the report\'s text', 'text');
  if (input.text.length > MAX_PROPOSE_TEXT_CHARS) {
    throw new BadUserInputError(`text is ${input.text.length} characters, longer than ${MAX_PROPOSE_TEXT_CHARS}: a report is a few thousand; split the document`, 'text', { maxChars: MAX_PROPOSE_TEXT_CHARS });
  }
  const damaged = damagedText(input.text);
  if (damaged) throw new BadUserInputError(`text ${damaged}`, 'text');
  if (!/^\d{6}$/.test(input.areaCode)) throw new BadUserInputError(`areaCode "${input.areaCode.slice(0, 20)}" is not a six-digit GB/T 2260 code`, 'areaCode');
  const registry = gbt2260();
  const county = registry.county(input.areaCode);
  const city = county ? undefined : registry.city(input.areaCode);
  if (!county && !city) throw new BadUserInputError(`areaCode ${input.areaCode} is not a GB/T 2260 county-level or city code`, 'areaCode');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > currentYear) {
    throw new BadUserInputError(`year must be a whole year between 2000 and ${currentYear}`, 'year');
  }
  return county ? { areaName: county.name, areaLevel: 'COUNTY' } : { areaName: city!.name, areaLevel: 'CITY' };
}

export async function proposeFigures(db: Queryable, input: ProposeInput): Promise<FigureProposals> {
  const { areaName, areaLevel } = checkProposeInput(input);
  const catalogue = await loadCatalogue(db);
  const { proposals, skipped } = proposeFromText(input.text, catalogue, factBreakdowns);
  const reportFile = renderReportDraft({ areaCode: input.areaCode, areaName, areaLevel, year: input.year, text: input.text, sourceText: input.sourceText }, proposals);
  return { areaCode: input.areaCode, areaName, year: input.year, figures: proposals, skipped, reportFile };
}
