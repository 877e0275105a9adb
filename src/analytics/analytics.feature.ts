import type { Feature } from '../query/feature';
import { ComparisonCellResolver, ComparisonResolver, ComparisonRowResolver, ReconciliationResolver } from './figure-analysis.resolver';
import { statsResolvers } from './stats.resolver';
import { SummaryDirtyRow, SummaryStateRow } from './summaries/summary-state.entity';

export const analyticsFeature: Feature = {
  name: 'analytics',
  entities: [SummaryStateRow, SummaryDirtyRow],
  resolvers: [ReconciliationResolver, ComparisonResolver, ComparisonRowResolver, ComparisonCellResolver, ...statsResolvers],
};
