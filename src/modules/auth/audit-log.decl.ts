import { idFilter, idOrder } from '../../query/common-fields';
import { record } from '../../query/record';
import { AuditLog } from './audit-log.entity';

export const auditLogDecl = record(AuditLog, {
  plural: 'audit log entries',
  filters: [
    idFilter('AuditLog'),
    { name: 'action', path: 'action', description: 'What was done, e.g. importReport.' },
    { name: 'countyCode', path: 'countyCode', description: 'County written to.' },
    { name: 'keyId', path: 'keyId', kind: 'int', description: 'API key id.' },
  ],
  orders: [idOrder()],
  defaultOrder: [{ field: 'ID', direction: 'DESC' }],
});
