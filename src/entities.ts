/** Every entity, listed once by its feature: the ORM config and the schema build read this list. */
import { features } from './features';

export const entities = features.flatMap((f) => f.entities);
