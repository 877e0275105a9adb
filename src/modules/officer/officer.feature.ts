import type { Feature } from '../../query/feature';
import { officerDecl } from './officer.decl';
import { EnforcementOfficer } from './officer.entity';
import { EnforcementOfficerResolver } from './officer.resolver';

export const officerFeature: Feature = { name: 'officer', entities: [EnforcementOfficer], records: [officerDecl], resolvers: [EnforcementOfficerResolver] };
