import { idFilter, idOrder } from '../../query/common-fields';
import type { EntityDecl } from '../../query/declaration';
import { AuditLog } from './audit-log.entity';

export const auditLogDecl: EntityDecl = {
  name: 'AuditLog',
  plural: 'audit log entries',
  entity: AuditLog,
  table: 'audit_log',
  alias: 'u',
  joins: {},
  filters: [
    idFilter('AuditLog', 'u.id'),
    { name: 'action', kind: 'text', sql: 'u.action', description: 'What was done, e.g. importReport.' },
    { name: 'countyCode', kind: 'text', sql: 'u.county_code', description: 'County written to.' },
    { name: 'keyId', kind: 'int', sql: 'u.key_id', description: 'API key id.' },
  ],
  orders: [idOrder('u.id')],
  defaultOrder: [{ field: 'ID', direction: 'DESC' }],
};
