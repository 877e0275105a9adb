import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { BadUserInputError, ForbiddenError } from '../../errors';
import { Role } from '../auth/api-key.entity';
import { recordAudit } from '../auth/audit.service';
import { assertCanWrite } from '../auth/viewer';
import { Report } from '../report/report.entity';
import { importReport, parseReportJson } from './report-import.service';
import { assertReportDepth } from '../report/report-file';
import { importIndicators, parseIndicatorFile } from './indicator-file';
import { recordFile, recordFiles } from './record-files';
import { importRecordText } from './records-import.service';

const ImportStatusEnum = { CREATED: 'CREATED', UNCHANGED: 'UNCHANGED', REVISED: 'REVISED' } as const;
registerEnumType(ImportStatusEnum, {
  name: 'ImportStatus',
  description: 'What an import did.',
  valuesConfig: {
    CREATED: { description: 'A new report.' },
    UNCHANGED: { description: 'The same content was already loaded: nothing changed.' },
    REVISED: { description: 'A corrected version replaced the report\'s figures (see changes).' },
  },
});

const RecordKind = Object.fromEntries(recordFiles.map((f) => [f.name.toUpperCase(), f.name]));
registerEnumType(RecordKind, {
  name: 'RecordFileKind',
  description: 'Which record file a CSV is (its header is documented in the README).',
  valuesConfig: Object.fromEntries(recordFiles.map((f) => [f.name.toUpperCase(), { description: f.description }])),
});

@ObjectType({ description: 'Result of importing a report.' })
class ImportReportResult {
  @Field(() => ImportStatusEnum) status!: string;
  @Field(() => Report) report!: Report;
  @Field(() => Int) revision!: number;
  @Field(() => Int, { description: 'Figures in the report.' }) figures!: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Figures added, removed, changed (null when unchanged).' }) changes!: object | null;
}

@ObjectType({ description: 'Result of importing indicators into the catalogue.' })
class ImportIndicatorsResult {
  @Field(() => [String], { description: 'Codes added to the catalogue.' }) created!: string[];
  @Field(() => [String], { description: 'Codes already in the catalogue with the same content.' }) unchanged!: string[];
  @Field(() => [String], { description: 'Codes redefined: each now has a new revision (see Indicator.revisions).' }) revised!: string[];
}

@ObjectType({ description: 'Result of importing a record file.' })
class ImportRecordsResult {
  @Field(() => Int) rows!: number;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
}

/** Largest CSV accepted through the API; bigger files go through the CLI, which streams from disk. */
const MAX_CSV_CHARS = 1_000_000;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportResult, { description: 'Import a county\'s report (figures with quotes), in the rule-of-law-report/v1 format. Validated first; all or nothing; the same content again changes nothing.' })
  async importReport(
    @Arg('report', () => GraphQLJSONObject, { description: 'The report file\'s JSON.' }) report: object,
    @Arg('sourceText', () => String, { nullable: true, description: 'The document\'s full text: every quote must then be a verbatim part of it.' }) sourceText: string | null,
    @Ctx() ctx: Context,
  ): Promise<ImportReportResult> {
    // Authorization first: validation (catalogue look-ups, quote search) answers only those who may write.
    const v = ctx.viewer;
    if (v.role !== Role.ADMIN && v.role !== Role.EDITOR) throw new ForbiddenError('Importing a report needs an EDITOR key for the county (or an ADMIN key).');
    const header = (report as { report?: unknown }).report;
    const areaCode = typeof header === 'object' && header !== null && Object.hasOwn(header, 'areaCode') ? (header as { areaCode: unknown }).areaCode : undefined;
    if (typeof areaCode === 'string') assertCanWrite(v, areaCode);
    assertReportDepth(report, 'report'); // before JSON.stringify, which recurses
    const result = await ctx.db.transaction(async (tx) => {
      const file = await parseReportJson(JSON.stringify(report), tx, { label: 'report', sourceText: sourceText ?? undefined });
      assertCanWrite(ctx.viewer, file.report.areaCode);
      // loadedBy is the key's id (the schema's "API key id"), never its free-text label.
      const imported = await importReport(tx, file, v.keyId !== null ? String(v.keyId) : v.label, 'IMPORTED');
      await recordAudit(tx, ctx.viewer, 'importReport', file.report.areaCode, imported.status === 'UNCHANGED' ? 0 : imported.figures,
        { requestId: ctx.requestId, status: imported.status, reportId: imported.reportId, revision: imported.revision, year: file.report.year });
      return imported;
    });
    const entity = await ctx.em.findOneOrFail(Report, { id: result.reportId });
    return { status: result.status, report: entity, revision: result.revision, figures: result.figures, changes: result.changes };
  }

  @Mutation(() => ImportIndicatorsResult, { description: 'Add indicators to the catalogue (指标目录), in the rule-of-law-indicators/v1 format. A code already held with another content is refused unless the entry says it `revises` the current revision, with a `changeNote`: then it becomes the next revision and earlier ones stay readable, so published figures keep their meaning. Validated first; all or nothing.' })
  async importIndicators(
    @Arg('file', () => GraphQLJSONObject, { description: 'The indicators file\'s JSON.' }) file: object,
    @Ctx() ctx: Context,
  ): Promise<ImportIndicatorsResult> {
    const v = ctx.viewer;
    if (v.role !== Role.ADMIN && v.role !== Role.EDITOR) throw new ForbiddenError('Adding indicators needs an EDITOR or ADMIN key.');
    assertReportDepth(file, 'file');
    const entries = parseIndicatorFile(file, 'indicators');
    return ctx.db.transaction(async (tx) => {
      const result = await importIndicators(tx, entries);
      await recordAudit(tx, v, 'importIndicators', v.countyCode, result.created.length + result.revised.length, { requestId: ctx.requestId, created: result.created, revised: result.revised });
      return result;
    });
  }

  @Mutation(() => ImportRecordsResult, { description: 'Import a CSV record file (townships, agencies, cases, officers, litigation). Validated first, every problem reported at once; all or nothing; idempotent by natural key.' })
  importRecords(
    @Arg('kind', () => RecordKind) kind: string,
    @Arg('csv', { description: 'The CSV text, UTF-8, with the documented header.' }) csv: string,
    @Ctx() ctx: Context,
  ): Promise<ImportRecordsResult> {
    const v = ctx.viewer;
    if (v.role !== Role.ADMIN && v.role !== Role.EDITOR) throw new ForbiddenError('Importing records needs an EDITOR key for the county (or an ADMIN key).');
    if (csv.length > MAX_CSV_CHARS) throw new BadUserInputError(`csv is longer than ${MAX_CSV_CHARS} characters; import large files with the CLI (npm run import)`, 'csv');
    return importRecordText(ctx.db, recordFile(kind)!, csv, {
      label: `importRecords(${kind})`,
      allowedCounties: v.role === Role.EDITOR ? [v.countyCode!] : undefined,
      audit: (tx, r) => recordAudit(tx, v, `importRecords:${kind}`, v.countyCode, r.inserted + r.updated,
        { requestId: ctx.requestId, rows: r.rows, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged }),
    });
  }
}
