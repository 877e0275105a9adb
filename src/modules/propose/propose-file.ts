/**
 * The CLI path of proposeFigures: read a report's text file, propose, print a review list and,
 * with `out`, write the draft report file beside it (its sourceText names the text, so importing
 * it checks every quote against the document).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../../db/db';
import { BadUserInputError } from '../../errors';
import { proposeFigures, type FigureProposals } from './propose.service';

export async function proposeFromFile(db: Queryable, opts: { file: string; areaCode: string; year: number; out?: string }): Promise<{ result: FigureProposals; lines: string[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(opts.file);
  } catch (err) {
    throw new BadUserInputError(`${opts.file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'file');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) throw new BadUserInputError(`${path.basename(opts.file)} is not UTF-8 text (save it as UTF-8)`, 'file');
  const sourceText = opts.out ? path.relative(path.dirname(path.resolve(opts.out)), path.resolve(opts.file)) : undefined;
  const result = await proposeFigures(db, { text, areaCode: opts.areaCode, year: opts.year, sourceText });
  if (opts.out) await writeFile(opts.out, `${JSON.stringify(result.reportFile, null, 2)}\n`);
  const matched = result.figures.filter((f) => f.matched).length;
  const lines = result.figures.map((f) => [
    f.matched ? 'matched  ' : 'UNMATCHED',
    `${f.value}${f.unit}${f.qualifier === 'EXACT' ? '' : ` (${f.qualifier})`}`,
    f.indicator ? `${f.indicator.code}${Object.keys(f.breakdown).length ? ` ${JSON.stringify(f.breakdown)}` : ''} (${f.indicator.confidence})` : `- ${f.note ?? ''}`,
    `«${f.quote}»`,
  ].join('  '));
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  lines.push(`${result.figures.length} numbers proposed (${matched} matched, ${result.figures.length - matched} unmatched); set aside: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ') || 'none'}`);
  if (opts.out) lines.push(`draft report file written to ${opts.out}: correct it, then npm run import -- report ${opts.out}`);
  return { result, lines };
}
