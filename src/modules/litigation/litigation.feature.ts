import type { Feature } from '../../query/feature';
import { litigationCaseDecl } from './litigation-case.decl';
import { LitigationCase } from './litigation-case.entity';

export const litigationFeature: Feature = { name: 'litigation', entities: [LitigationCase], records: [litigationCaseDecl] };
