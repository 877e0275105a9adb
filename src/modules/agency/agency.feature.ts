import type { Feature } from '../../query/feature';
import { agencyDecl } from './agency.decl';
import { Agency } from './agency.entity';

export const agencyFeature: Feature = { name: 'agency', entities: [Agency], records: [agencyDecl] };
