import type { Feature } from '../../query/feature';
import { City } from './city.entity';
import { County } from './county.entity';
import { CountyPopulation } from './county-population.entity';
import { CityResolver, CountyResolver, ProvinceResolver, TownshipResolver } from './geography.resolver';
import { Province } from './province.entity';
import { townshipDecl } from './township.decl';
import { Township } from './township.entity';

export const geographyFeature: Feature = {
  name: 'geography',
  entities: [Province, City, County, CountyPopulation, Township],
  records: [townshipDecl],
  resolvers: [CountyResolver, CityResolver, ProvinceResolver, TownshipResolver],
};
