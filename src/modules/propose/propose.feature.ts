import type { Feature } from '../../query/feature';
import { ProposeResolver } from './propose.resolver';

export const proposeFeature: Feature = { name: 'propose', entities: [], resolvers: [ProposeResolver] };
