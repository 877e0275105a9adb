import type { Feature } from '../../query/feature';
import { trainingDecl } from './training.decl';
import { Training } from './training.entity';

export const trainingFeature: Feature = { name: 'training', entities: [Training], records: [trainingDecl] };
