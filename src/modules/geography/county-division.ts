import { Field, ObjectType } from 'type-graphql';
import { County } from './county.entity';

/** A county-level unit as GB/T 2260 lists it, whether or not the platform holds data for it. */
@ObjectType({ description: 'A county-level unit of China as GB/T 2260 lists it (县级行政区划), held by the platform or not.' })
export class CountyDivision {
  @Field({ description: 'Six-digit GB/T 2260 code, e.g. 411521.' })
  code!: string;

  @Field({ description: 'Name (名称), e.g. 罗山县.' })
  name!: string;

  @Field({ description: 'Prefecture-level city (地级市), e.g. 信阳市.' })
  cityName!: string;

  @Field({ description: 'Province (省), e.g. 河南省.' })
  provinceName!: string;

  @Field(() => County, { nullable: true, description: 'The county, when the platform holds it (a report or a record file named it); null otherwise.' })
  county!: County | null;
}
