import type { Feature } from '../../query/feature';
import { enforcementCaseDecl } from './enforcement-case.decl';
import { EnforcementCase } from './enforcement-case.entity';

export const enforcementFeature: Feature = { name: 'enforcement', entities: [EnforcementCase], records: [enforcementCaseDecl] };
