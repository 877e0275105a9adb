import { idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { countyFilters } from '../geography/geography-filters';
import { Figure } from './figure.entity';
import { Indicator } from './indicator.entity';
import { Report } from './report.entity';

export const reportDecl = record(Report, {
  plural: 'reports',
  filters: [
    idFilter('Report'),
    ...countyFilters(),
    { name: 'areaCode', path: 'areaCode', description: 'GB/T 2260 code of the publishing area.' },
    { name: 'areaLevel', path: 'areaLevel', description: 'County or city.' },
    { name: 'year', path: 'year', description: 'Year covered.' },
    { name: 'documentType', path: 'documentType', description: 'Kind of document.' },
    provenanceFilter('Published (seeded) or imported.'),
  ],
  orders: [idOrder(), { name: 'YEAR', path: 'year' }, { name: 'AREA_CODE', path: 'areaCode' }],
  defaultOrder: [{ field: 'AREA_CODE', direction: 'ASC' }, { field: 'YEAR', direction: 'ASC' }],
  list: { field: 'reports', description: 'Published reports (报告) the figures come from.' },
  reverse: { County: { description: 'Reports the county published.' } },
});

export const figureDecl = record(Figure, {
  plural: 'published figures',
  filters: [
    idFilter('Figure'),
    ...countyFilters(),
    { name: 'reportId', path: 'report', description: 'The report, by global ID.' },
    { name: 'indicator', path: 'indicator', kind: 'text', description: 'Indicator code (e.g. ENF_PENALTY_TOTAL).' },
    { name: 'family', path: 'indicator.family', description: 'Indicator family (e.g. enforcement_actions).' },
    { name: 'year', path: 'year', description: 'Year the figure refers to.' },
    { name: 'qualifier', path: 'qualifier', description: 'Exact, at least, approximate.' },
    { name: 'quote', path: 'quote', description: 'Words of the quote.' },
  ],
  orders: [
    idOrder(), { name: 'YEAR', path: 'year' }, { name: 'INDICATOR', path: 'indicator', kind: 'text' },
    { name: 'VALUE', path: 'value', kind: 'text', of: 'sortableDecimal' }, { name: 'POSITION', path: 'position' },
  ],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'figures', description: 'Published figures (数据) with their quotes.' },
  reverse: { County: { description: 'Figures the county published.' }, Report: { description: 'Figures transcribed from the report.' } },
});

export const indicatorDecl = record(Indicator, {
  plural: 'indicators',
  filters: [
    { name: 'code', path: 'code', description: 'Code, e.g. ENF_PENALTY_TOTAL.' },
    { name: 'family', path: 'family', description: 'Family, e.g. enforcement_actions.' },
    { name: 'computable', path: 'definition', of: 'isSet', description: 'Whether records can compute it.' },
    { name: 'nameZh', path: 'nameZh', description: 'Chinese name.' },
    { name: 'nameEn', path: 'nameEn', description: 'English name.' },
  ],
  orders: [{ name: 'ID', path: 'code', kind: 'text' }, { name: 'FAMILY', path: 'family' }],
  defaultOrder: [{ field: 'FAMILY', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'indicators', description: 'The indicator catalogue (指标目录).' },
});
