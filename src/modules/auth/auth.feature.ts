import type { Feature } from '../../query/feature';
import { ApiKey } from './api-key.entity';
import { auditLogDecl } from './audit-log.decl';
import { AuditLog } from './audit-log.entity';
import { AuditLogResolver } from './audit-log.resolver';

export const authFeature: Feature = { name: 'auth', entities: [ApiKey, AuditLog], records: [auditLogDecl], resolvers: [AuditLogResolver] };
