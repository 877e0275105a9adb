import type { Feature } from '../../query/feature';
import { supervisionInspectionDecl } from './supervision-inspection.decl';
import { SupervisionInspection } from './supervision-inspection.entity';

export const supervisionFeature: Feature = { name: 'supervision', entities: [SupervisionInspection], records: [supervisionInspectionDecl] };
