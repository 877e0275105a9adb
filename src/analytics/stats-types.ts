/**
 * GraphQL types of one fact's statistics, generated from its declaration:
 * <T>StatsDimension, <T>Measures, <T>Group (typed keys + measures + previousYear),
 * <T>GroupConnection, <T>StatsHaving, <T>StatsOrder and the field arguments.
 */
import { Arg, ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../common/money';
import { MoneyFilter, SortDirection } from '../graphql/filter-inputs';
import { PageInfo } from '../graphql/connection-types';
import type { FactDecl, NumericField } from './fact';
import { distinctMeasureId, NUMERIC_AGGREGATES, numericMeasureId } from './measures';

type Class = new () => object;

const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

@InputType('NumberRange', { description: 'Conditions on a number (counts, ratios).' })
export class NumberRange {
  @Field(() => Float, { nullable: true }) eq?: number;
  @Field(() => Float, { nullable: true }) gt?: number;
  @Field(() => Float, { nullable: true }) gte?: number;
  @Field(() => Float, { nullable: true }) lt?: number;
  @Field(() => Float, { nullable: true }) lte?: number;
}

export interface StatsTypes {
  fact: FactDecl;
  Dimension: Record<string, string>;
  OrderKey: Record<string, string>;
  /** Order key enum value -> measure id or dimension name. */
  orderKeyTarget: Record<string, string>;
  /** Having field -> measure id, and whether it is money (given in yuan, compared in fen). */
  havingTarget: Record<string, { measure: string; money: boolean }>;
  Measures: Class;
  Group: Class;
  Connection: Class;
  Args: Class;
}

function define(name: string, description: string, kind: 'object' | 'input', fields: [string, () => unknown, string, boolean?][], base?: Class): Class {
  const cls = { [name]: base ? class extends base {} : class {} }[name];
  for (const [field, type, desc, required] of fields) Field(type as never, { nullable: !required, description: desc })(cls.prototype, field);
  (kind === 'object' ? ObjectType(name, { description, simpleResolvers: true }) : InputType(name, { description }))(cls);
  return cls;
}

/** Money stays Money (yuan, exact to the fen); counts of people and problems are numbers. */
function amountType(n: NumericField): unknown {
  return n.kind === 'money' ? MoneyScalar : Float;
}

/** The values of one group's measures; `percentile(p)` reads what the engine computed for p. */
export class MeasureValues {
  __pct?: Map<number, Record<string, number | null>>;

  percentile(p: number): Record<string, number | null> | null {
    return this.__pct?.get(p) ?? null;
  }
}

export function statsTypes(fact: FactDecl, filter: Class): StatsTypes {
  const T = fact.typeName;
  const Dimension = Object.fromEntries(fact.dimensions.map((d) => [d.name, d.name]));
  registerEnumType(Dimension, {
    name: `${T}StatsDimension`,
    description: `What ${T} groups can be keyed by.`,
    valuesConfig: Object.fromEntries(fact.dimensions.map((d) => [d.name, { description: d.description }])),
  });

  // Measures
  const measureFields: [string, () => unknown, string, boolean?][] = [['count', () => Int, 'Number of rows in the group.', true]];
  let percentileType: Class | undefined;
  if (fact.numeric.length) {
    const Amounts = define(`${T}Amounts`, `Sums, minima and maxima of ${T} amounts.`, 'object',
      fact.numeric.map((n) => [n.name, () => amountType(n), n.description]));
    const Averages = define(`${T}Averages`, `Averages and percentiles of ${T} amounts.`, 'object',
      fact.numeric.map((n) => [n.name, () => amountType(n), n.description]));
    measureFields.push(
      ['sum', () => Amounts, 'Sums (null values ignored).'],
      ['avg', () => Averages, 'Averages (null values ignored).'],
      ['min', () => Amounts, 'Minima.'],
      ['max', () => Amounts, 'Maxima.'],
    );
    percentileType = Averages;
  }
  if (fact.distinct.length) {
    const Distinct = define(`${T}DistinctCounts`, `Distinct counts within a ${T} group.`, 'object',
      fact.distinct.map((d) => [d.name, () => Int, d.description, true]));
    measureFields.push(['distinctCount', () => Distinct, 'Distinct counts.']);
  }
  for (const c of fact.conditional) {
    measureFields.push([c.name, () => Int, c.description]);
    if (c.ratio) measureFields.push([c.ratio.name, () => Float, c.ratio.description]);
  }
  const Measures = define(`${T}Measures`, `Measures of a group of ${T} rows.`, 'object', measureFields, MeasureValues);
  if (percentileType) {
    const descriptor = Object.getOwnPropertyDescriptor(MeasureValues.prototype, 'percentile')!;
    Object.defineProperty(Measures.prototype, 'percentile', descriptor);
    Field(() => percentileType, { nullable: true, description: 'Continuous percentile of each amount, e.g. p: 0.5 for the median, 0.9 for the 90th percentile.' })(Measures.prototype, 'percentile', descriptor);
    Arg('p', () => Float, { description: 'Fraction between 0 and 1.' })(Measures.prototype, 'percentile', 0);
  }

  // Group: keys + measures + previous year
  const keyFields: [string, () => unknown, string][] = fact.dimensions.map((d) => {
    const type = d.key.kind === 'node' ? d.key.entity : d.key.kind === 'int' ? Int : d.key.enumType;
    return [d.field, () => type, `${d.description} Null unless ${d.name} is in groupBy.`];
  });
  const Group = define(`${T}Group`, `A group of ${T} rows: its keys (typed, navigable) and measures.`, 'object', [
    ...keyFields,
    ['previousYear', () => Measures, 'The same measures for the previous year of this group (YEAR must be in groupBy); null when that year has no rows.'],
  ], Measures);

  const Edge = define(`${T}GroupEdge`, `A ${T} group with its cursor.`, 'object', [['cursor', () => String, 'Opaque cursor.', true], ['node', () => Group, 'The group.', true]]);
  const Connection = define(`${T}GroupConnection`, `A page of ${T} groups.`, 'object', [
    ['edges', () => [Edge], 'Groups with cursors.', true],
    ['nodes', () => [Group], 'The groups of the page.', true],
    ['pageInfo', () => PageInfo, 'Paging.', true],
    ['totalCount', () => Int, 'Number of groups over all pages.', true],
    ['servedFrom', () => String, 'The table the groups were computed from: the fact\'s table, or a summary table (rollup) that covers the request and is up to date with it.', true],
    ['refreshedAt', () => Date, 'When served from a summary table: when it was last refreshed (a summary is refreshed before it answers after any write to its fact\'s table). Null for the base table.'],
  ]);

  // Having and ordering
  const havingTarget: StatsTypes['havingTarget'] = { count: { measure: 'count', money: false } };
  const havingFields: [string, () => unknown, string][] = [['count', () => NumberRange, 'Row count.']];
  const orderKeyTarget: Record<string, string> = { COUNT: 'count' };
  for (const n of fact.numeric) {
    for (const agg of NUMERIC_AGGREGATES) {
      const name = `${n.name}${cap(agg)}`;
      havingTarget[name] = { measure: numericMeasureId(n.name, agg), money: n.kind === 'money' };
      havingFields.push([name, () => (n.kind === 'money' ? MoneyFilter : NumberRange), `${cap(agg)} of ${n.name}.`]);
      orderKeyTarget[upperSnake(name)] = numericMeasureId(n.name, agg);
    }
  }
  for (const d of fact.distinct) {
    const name = `distinct${cap(d.name)}`;
    havingTarget[name] = { measure: distinctMeasureId(d.name), money: false };
    havingFields.push([name, () => NumberRange, d.description]);
    orderKeyTarget[upperSnake(name)] = distinctMeasureId(d.name);
  }
  for (const c of fact.conditional) {
    for (const name of [c.name, ...(c.ratio ? [c.ratio.name] : [])]) {
      havingTarget[name] = { measure: name, money: false };
      havingFields.push([name, () => NumberRange, name === c.name ? c.description : c.ratio!.description]);
      orderKeyTarget[upperSnake(name)] = name;
    }
  }
  for (const d of fact.dimensions) orderKeyTarget[d.name] = d.name;
  const Having = define(`${T}StatsHaving`, `Conditions on ${T} group measures (each must also be selected).`, 'input', havingFields);
  const OrderKey = Object.fromEntries(Object.keys(orderKeyTarget).map((k) => [k, k]));
  registerEnumType(OrderKey, { name: `${T}StatsOrderKey`, description: `What ${T} groups can be sorted by: a measure, or a grouped dimension.` });
  const Order = define(`${T}StatsOrder`, `One sort key for ${T} groups.`, 'input', [
    ['by', () => OrderKey, 'Measure or dimension.', true],
    ['direction', () => SortDirection, 'ASC (default) or DESC.'],
  ]);

  const argsName = `${T}StatsArgs`;
  const Args = { [argsName]: class {} }[argsName];
  Field(() => filter, { nullable: true, description: 'Which rows to aggregate (the same filter as the list).' })(Args.prototype, 'filter');
  Field(() => [Dimension], { nullable: true, description: 'Dimensions to group by; none gives one total group.' })(Args.prototype, 'groupBy');
  Field(() => Having, { nullable: true, description: 'Keep only groups meeting these conditions.' })(Args.prototype, 'having');
  Field(() => [Order], { nullable: true, description: 'Sort groups; ties are broken by the group keys.' })(Args.prototype, 'orderBy');
  Field(() => Int, { nullable: true, description: 'Groups per page (default and maximum: MAX_PAGE_SIZE).' })(Args.prototype, 'first');
  Field(() => String, { nullable: true, description: 'Cursor to continue after.' })(Args.prototype, 'after');
  ArgsType()(Args);

  return { fact, Dimension, OrderKey, orderKeyTarget, havingTarget, Measures, Group, Connection, Args };
}
