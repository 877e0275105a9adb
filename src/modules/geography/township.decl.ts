import { idFilter, idOrder } from '../../query/common-fields';
import { record } from '../../query/record';
import { countyFilters } from './geography-filters';
import { Township } from './township.entity';

export const townshipDecl = record(Township, {
  plural: 'townships',
  filters: [
    idFilter('Township'),
    ...countyFilters(),
    { name: 'code', path: 'code', description: 'Nine-digit code.' },
    { name: 'name', path: 'name', description: 'Name in Chinese.' },
    { name: 'kind', path: 'kind', description: '街道, 镇 or 乡.' },
  ],
  orders: [idOrder(), { name: 'CODE', path: 'code' }, { name: 'NAME', path: 'name' }],
  defaultOrder: [{ field: 'CODE', direction: 'ASC' }],
  list: { field: 'townships', description: 'Township-level divisions (乡镇/街道) of every county.' },
  reverse: { County: { description: 'Township-level divisions (乡镇/街道).' } },
});
