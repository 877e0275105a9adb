import type { Feature } from '../query/feature';
import { RateLimitWindowRow } from './rate-limit-window.entity';

/** State the server processes share through PostgreSQL (issue 18): no GraphQL of its own. */
export const coordinationFeature: Feature = {
  name: 'coordination',
  entities: [RateLimitWindowRow],
};
