import type { Feature } from '../../query/feature';
import { ImportResolver } from './import.resolver';

export const importFeature: Feature = { name: 'import', entities: [], resolvers: [ImportResolver] };
