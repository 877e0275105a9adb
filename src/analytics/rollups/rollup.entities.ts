/**
 * Summary tables of enforcement cases at coarser grains, kept in step with the cases (refreshed
 * in the same transaction as seeds and imports). The engine answers from them when a request's
 * dimensions, filters and measures are covered; see rollups.ts.
 */
import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** The partial aggregates both tables store per group, from which the engine re-aggregates. */
abstract class CasePartials {
  @Property({ type: new BigIntType('number') }) n!: number;
  @Property({ type: new BigIntType('number') }) fineSum!: number;
  @Property({ type: new BigIntType('number') }) fineMin!: number;
  @Property({ type: new BigIntType('number') }) fineMax!: number;
  @Property({ type: new BigIntType('number') }) fined!: number;
  @Property({ type: new BigIntType('number'), nullable: true }) leniencySum?: number | null;
  @Property({ type: new BigIntType('number'), nullable: true }) leniencyMin?: number | null;
  @Property({ type: new BigIntType('number'), nullable: true }) leniencyMax?: number | null;
  @Property({ type: new BigIntType('number') }) leniencyN!: number;
}

/** county x year x month x action type x leniency x provenance. */
@Entity({ tableName: 'enforcement_case_monthly' })
@Index({ properties: ['year', 'countyId'] })
export class EnforcementCaseMonthly extends CasePartials {
  @PrimaryKey({ type: 'integer' }) countyId!: number;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'smallint' }) month!: number;
  @PrimaryKey({ type: 'text' }) actionType!: string;
  @PrimaryKey({ type: 'text' }) leniency!: string;
  @PrimaryKey({ type: 'text' }) provenance!: string;
}

/** county x year x action type x leniency x provenance: province-wide questions read a few thousand rows. */
@Entity({ tableName: 'enforcement_case_yearly' })
@Index({ properties: ['year', 'countyId'] })
export class EnforcementCaseYearly extends CasePartials {
  @PrimaryKey({ type: 'integer' }) countyId!: number;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'text' }) actionType!: string;
  @PrimaryKey({ type: 'text' }) leniency!: string;
  @PrimaryKey({ type: 'text' }) provenance!: string;
}

/** county x agency x year x action type x leniency x provenance. */
@Entity({ tableName: 'enforcement_case_by_agency' })
@Index({ properties: ['agencyId', 'year'] })
export class EnforcementCaseByAgency extends CasePartials {
  @PrimaryKey({ type: 'integer' }) countyId!: number;
  @PrimaryKey({ type: 'integer' }) agencyId!: number;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'text' }) actionType!: string;
  @PrimaryKey({ type: 'text' }) leniency!: string;
  @PrimaryKey({ type: 'text' }) provenance!: string;
}

/** When each summary table was last rebuilt (for the API's refreshedAt). */
@Entity({ tableName: 'rollup_state' })
export class RollupState {
  @PrimaryKey({ type: 'text' }) name!: string;
  @Property({ type: 'timestamptz' }) refreshedAt!: Date;
}
