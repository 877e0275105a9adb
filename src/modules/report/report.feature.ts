import type { Feature } from '../../query/feature';
import { Figure } from './figure.entity';
import { Indicator } from './indicator.entity';
import { IndicatorRevision } from './indicator-revision.entity';
import { figureDecl, indicatorDecl, reportDecl } from './report.decl';
import { Report } from './report.entity';
import { ReportRevision } from './report-revision.entity';
import { FigureResolver, IndicatorResolver, ReportResolver, ReportRevisionResolver } from './report.resolver';

export const reportFeature: Feature = {
  name: 'report',
  entities: [Report, ReportRevision, Indicator, IndicatorRevision, Figure],
  records: [reportDecl, figureDecl, indicatorDecl],
  resolvers: [ReportResolver, ReportRevisionResolver, FigureResolver, IndicatorResolver],
};
