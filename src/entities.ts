/** Every entity, listed once: the ORM config and the schema build read this list. */
import { Agency } from './modules/agency/agency.entity';
import { City } from './modules/geography/city.entity';
import { County } from './modules/geography/county.entity';
import { Province } from './modules/geography/province.entity';
import { Township } from './modules/geography/township.entity';

export const entities = [Province, City, County, Township, Agency];
