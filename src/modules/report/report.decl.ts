import { countyFilters, idFilter, idOrder } from '../../query/common-fields';
import type { EntityDecl } from '../../query/declaration';
import { Provenance } from '../../common/provenance';
import { Figure, Qualifier } from './figure.entity';
import { Indicator } from './indicator.entity';
import { AreaLevel, DocumentType, Report } from './report.entity';

export const reportDecl: EntityDecl = {
  name: 'Report',
  plural: 'reports',
  entity: Report,
  table: 'report',
  alias: 'p',
  joins: {},
  filters: [
    idFilter('Report', 'p.id'),
    ...countyFilters('p.county_id'),
    { name: 'areaCode', kind: 'text', sql: 'p.area_code', description: 'GB/T 2260 code of the publishing area.' },
    { name: 'areaLevel', kind: 'enum', enumType: AreaLevel, enumName: 'AreaLevel', sql: 'p.area_level', description: 'County or city.' },
    { name: 'year', kind: 'int', sql: 'p.year', description: 'Year covered.' },
    { name: 'documentType', kind: 'enum', enumType: DocumentType, enumName: 'DocumentType', sql: 'p.document_type', description: 'Kind of document.' },
    { name: 'provenance', kind: 'enum', enumType: Provenance, enumName: 'Provenance', sql: 'p.provenance', description: 'Published (seeded) or imported.' },
  ],
  orders: [idOrder('p.id'), { name: 'YEAR', kind: 'int', sql: 'p.year' }, { name: 'AREA_CODE', kind: 'text', sql: 'p.area_code' }],
  defaultOrder: [{ field: 'AREA_CODE', direction: 'ASC' }, { field: 'YEAR', direction: 'ASC' }],
  list: { field: 'reports', description: 'Published reports (报告) the figures come from.' },
  reverse: { County: { description: 'Reports the county published.' } },
};

export const figureDecl: EntityDecl = {
  name: 'Figure',
  plural: 'published figures',
  entity: Figure,
  table: 'figure',
  alias: 'g',
  joins: { indicator: 'JOIN indicator gi ON gi.code = g.indicator_code' },
  filters: [
    idFilter('Figure', 'g.id'),
    ...countyFilters('g.county_id'),
    { name: 'reportId', kind: 'id', idType: 'Report', sql: 'g.report_id', description: 'The report, by global ID.' },
    { name: 'indicator', kind: 'text', sql: 'g.indicator_code', description: 'Indicator code (e.g. ENF_PENALTY_TOTAL).' },
    { name: 'family', kind: 'text', sql: 'gi.family', joins: ['indicator'], description: 'Indicator family (e.g. enforcement_actions).' },
    { name: 'year', kind: 'int', sql: 'g.year', description: 'Year the figure refers to.' },
    { name: 'qualifier', kind: 'enum', enumType: Qualifier, enumName: 'Qualifier', sql: 'g.qualifier', description: 'Exact, at least, approximate.' },
    { name: 'quote', kind: 'text', sql: 'g.quote', description: 'Words of the quote.' },
  ],
  orders: [
    idOrder('g.id'), { name: 'YEAR', kind: 'int', sql: 'g.year' }, { name: 'INDICATOR', kind: 'text', sql: 'g.indicator_code' },
    { name: 'VALUE', kind: 'text', sql: "to_char(g.value, 'FM0000000000000000.0000')" }, { name: 'POSITION', kind: 'int', sql: 'g.position' },
  ],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'figures', description: 'Published figures (数据) with their quotes.' },
  reverse: { County: { description: 'Figures the county published.' }, Report: { description: 'Figures transcribed from the report.' } },
};

export const indicatorDecl: EntityDecl = {
  name: 'Indicator',
  plural: 'indicators',
  entity: Indicator,
  table: 'indicator',
  alias: 'n',
  joins: {},
  filters: [
    { name: 'code', kind: 'text', sql: 'n.code', description: 'Code, e.g. ENF_PENALTY_TOTAL.' },
    { name: 'family', kind: 'text', sql: 'n.family', description: 'Family, e.g. enforcement_actions.' },
    { name: 'computable', kind: 'bool', sql: '(n.definition IS NOT NULL)', description: 'Whether records can compute it.' },
    { name: 'nameZh', kind: 'text', sql: 'n.name_zh', description: 'Chinese name.' },
    { name: 'nameEn', kind: 'text', sql: 'n.name_en', description: 'English name.' },
  ],
  orders: [{ name: 'ID', kind: 'text', sql: 'n.code' }, { name: 'FAMILY', kind: 'text', sql: 'n.family' }],
  defaultOrder: [{ field: 'FAMILY', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'indicators', description: 'The indicator catalogue (指标目录).' },
};
