import { countyFilters, idFilter, idOrder } from '../../query/common-fields';
import type { EntityDecl } from '../../query/declaration';
import { Township, TownshipKind } from './township.entity';

export const townshipDecl: EntityDecl = {
  name: 'Township',
  plural: 'townships',
  entity: Township,
  table: 'township',
  alias: 'w',
  countyColumn: 'w.county_id',
  joins: {},
  filters: [
    idFilter('Township', 'w.id'),
    ...countyFilters('w.county_id'),
    { name: 'code', kind: 'text', sql: 'w.code', description: 'Nine-digit code.' },
    { name: 'name', kind: 'text', sql: 'w.name', description: 'Name in Chinese.' },
    { name: 'kind', kind: 'enum', enumType: TownshipKind, enumName: 'TownshipKind', sql: 'w.kind', description: '街道, 镇 or 乡.' },
  ],
  orders: [idOrder('w.id'), { name: 'CODE', kind: 'text', sql: 'w.code' }, { name: 'NAME', kind: 'text', sql: 'w.name' }],
  defaultOrder: [{ field: 'CODE', direction: 'ASC' }],
  list: { field: 'townships', description: 'Township-level divisions (乡镇/街道) of every county.' },
  reverse: { County: { description: 'Township-level divisions (乡镇/街道).' } },
};
