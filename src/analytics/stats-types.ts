/**
 * GraphQL types of one fact's statistics, generated from its declaration:
 * <T>StatsDimension, <T>Measures, <T>Group (typed keys + measures + previousYear),
 * <T>GroupConnection, <T>StatsHaving, <T>StatsOrder and the field arguments.
 */
import { Float, Int, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../common/money';
import { MoneyFilter, SortDirection } from '../graphql/filter-inputs';
import { PageInfo } from '../graphql/connection-types';
import { argsType, field, inputType, objectType, type Ctor, type FieldSpec, type FieldSpecs, type TypeRef } from '../graphql/type-builder';
import type { FactDecl, NumericField } from './fact';
import { distinctMeasureId, NUMERIC_AGGREGATES, numericMeasureId } from './measures';

const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

export const NumberRange = inputType('NumberRange', 'Conditions on a number (counts, ratios).', {
  eq: field(Float, { nullable: true }), gt: field(Float, { nullable: true }), gte: field(Float, { nullable: true }),
  lt: field(Float, { nullable: true }), lte: field(Float, { nullable: true }),
});
export type NumberRange = InstanceType<typeof NumberRange>;

/** A measure, key or condition: nullable (absent when not asked for, or over no rows). */
const optional = (type: TypeRef, description: string) => field(type, { nullable: true, description });

/** Money stays Money (yuan, exact to the fen); counts of people and problems are numbers. */
function amountType(n: NumericField): TypeRef {
  return n.kind === 'money' ? MoneyScalar : Float;
}

/** The values of one group's measures; `percentile(p)` reads what the engine computed for p. */
export class MeasureValues {
  __pct?: Map<number, Record<string, number | null>>;

  percentile(p: number): Record<string, number | null> | null {
    return this.__pct?.get(p) ?? null;
  }
}

export function statsTypes<F extends object>(fact: FactDecl, filter: Ctor<F>) {
  const T = fact.typeName;
  const Dimension = Object.fromEntries(fact.dimensions.map((d) => [d.name, d.name]));
  registerEnumType(Dimension, {
    name: `${T}StatsDimension`,
    description: `What ${T} groups can be keyed by.`,
    valuesConfig: Object.fromEntries(fact.dimensions.map((d) => [d.name, { description: d.description }])),
  });

  // Measures
  const measureFields: FieldSpecs = { count: field(Int, { description: 'Number of rows in the group.' }) };
  let percentile: FieldSpec | undefined;
  if (fact.numeric.length) {
    const amounts = () => Object.fromEntries(fact.numeric.map((n) => [n.name, optional(amountType(n), n.description)]));
    const Amounts = objectType(`${T}Amounts`, `Sums, minima and maxima of ${T} amounts.`, amounts());
    const Averages = objectType(`${T}Averages`, `Averages and percentiles of ${T} amounts.`, amounts());
    measureFields.sum = optional(Amounts, 'Sums (null values ignored).');
    measureFields.avg = optional(Averages, 'Averages (null values ignored).');
    measureFields.min = optional(Amounts, 'Minima.');
    measureFields.max = optional(Amounts, 'Maxima.');
    percentile = field(Averages, {
      nullable: true,
      description: 'Continuous percentile of each amount, e.g. p: 0.5 for the median, 0.9 for the 90th percentile.',
      resolve: MeasureValues.prototype.percentile,
      args: { p: { type: () => Float, description: 'Fraction between 0 and 1.' } },
    });
  }
  if (fact.distinct.length) {
    const Distinct = objectType(`${T}DistinctCounts`, `Distinct counts within a ${T} group.`,
      Object.fromEntries(fact.distinct.map((d) => [d.name, field(Int, { description: d.description })])));
    measureFields.distinctCount = optional(Distinct, 'Distinct counts.');
  }
  for (const c of fact.conditional) {
    measureFields[c.name] = optional(Int, c.description);
    if (c.ratio) measureFields[c.ratio.name] = optional(Float, c.ratio.description);
  }
  // percentile(p) comes last, the order its field has always had.
  if (percentile) measureFields.percentile = percentile;
  const Measures = objectType(`${T}Measures`, `Measures of a group of ${T} rows.`, measureFields, MeasureValues);

  // Group: keys + measures + previous year
  const keyFields: FieldSpecs = Object.fromEntries(fact.dimensions.map((d) => {
    const type = d.key.kind === 'node' ? d.key.entity : d.key.kind === 'int' ? Int : d.key.enumType;
    return [d.field, optional(type, `${d.description} Null unless ${d.name} is in groupBy.`)];
  }));
  const Group = objectType(`${T}Group`, `A group of ${T} rows: its keys (typed, navigable) and measures.`, {
    ...keyFields,
    previousYear: field(Measures, { nullable: true, description: 'The same measures for the previous year of this group (YEAR must be in groupBy); null when that year has no rows.' }),
  }, Measures);

  const Edge = objectType(`${T}GroupEdge`, `A ${T} group with its cursor.`, {
    cursor: field(String, { description: 'Opaque cursor.' }),
    node: field(Group, { description: 'The group.' }),
  });
  const Connection = objectType(`${T}GroupConnection`, `A page of ${T} groups.`, {
    edges: field(Edge, { list: true, description: 'Groups with cursors.' }),
    nodes: field(Group, { list: true, description: 'The groups of the page.' }),
    pageInfo: field(PageInfo, { description: 'Paging.' }),
    totalCount: field(Int, { description: 'Number of groups over all pages.' }),
    servedFrom: field(String, { description: 'The table the groups were computed from: the fact\'s table, or a summary table (rollup) that covers the request and is up to date with it.' }),
    refreshedAt: field(Date, { nullable: true, description: 'When served from a summary table: when it was last refreshed (a summary is refreshed before it answers after any write to its fact\'s table). Null for the base table.' }),
  });

  // Having and ordering
  /** Having field -> measure id, and whether it is money (given in yuan, compared in fen). */
  const havingTarget: Record<string, { measure: string; money: boolean }> = { count: { measure: 'count', money: false } };
  const havingFields: FieldSpecs = { count: optional(NumberRange, 'Row count.') };
  /** Order key enum value -> measure id or dimension name. */
  const orderKeyTarget: Record<string, string> = { COUNT: 'count' };
  for (const n of fact.numeric) {
    for (const agg of NUMERIC_AGGREGATES) {
      const name = `${n.name}${cap(agg)}`;
      havingTarget[name] = { measure: numericMeasureId(n.name, agg), money: n.kind === 'money' };
      havingFields[name] = optional(n.kind === 'money' ? MoneyFilter : NumberRange, `${cap(agg)} of ${n.name}.`);
      orderKeyTarget[upperSnake(name)] = numericMeasureId(n.name, agg);
    }
  }
  for (const d of fact.distinct) {
    const name = `distinct${cap(d.name)}`;
    havingTarget[name] = { measure: distinctMeasureId(d.name), money: false };
    havingFields[name] = optional(NumberRange, d.description);
    orderKeyTarget[upperSnake(name)] = distinctMeasureId(d.name);
  }
  for (const c of fact.conditional) {
    for (const name of [c.name, ...(c.ratio ? [c.ratio.name] : [])]) {
      havingTarget[name] = { measure: name, money: false };
      havingFields[name] = optional(NumberRange, name === c.name ? c.description : c.ratio!.description);
      orderKeyTarget[upperSnake(name)] = name;
    }
  }
  for (const d of fact.dimensions) orderKeyTarget[d.name] = d.name;
  const Having = inputType(`${T}StatsHaving`, `Conditions on ${T} group measures (each must also be selected).`, havingFields);
  const OrderKey = Object.fromEntries(Object.keys(orderKeyTarget).map((k) => [k, k]));
  registerEnumType(OrderKey, { name: `${T}StatsOrderKey`, description: `What ${T} groups can be sorted by: a measure, or a grouped dimension.` });
  const Order = inputType(`${T}StatsOrder`, `One sort key for ${T} groups.`, {
    by: field(OrderKey, { description: 'Measure or dimension.' }),
    direction: field(SortDirection, { nullable: true, description: 'ASC (default) or DESC.' }),
  });

  const Args = argsType(`${T}StatsArgs`, {
    filter: field(filter, { nullable: true, description: 'Which rows to aggregate (the same filter as the list).' }),
    groupBy: field(Dimension, { list: true, nullable: true, description: 'Dimensions to group by; none gives one total group.' }),
    having: field(Having, { nullable: true, description: 'Keep only groups meeting these conditions.' }),
    orderBy: field(Order, { list: true, nullable: true, description: 'Sort groups; ties are broken by the group keys.' }),
    first: field(Int, { nullable: true, description: 'Groups per page (default and maximum: MAX_PAGE_SIZE).' }),
    after: field(String, { nullable: true, description: 'Cursor to continue after.' }),
  });

  return { fact, Dimension, OrderKey, orderKeyTarget, havingTarget, Measures, Group, Connection, Args };
}

/** One fact's generated types, with the maps from GraphQL names to measures the service reads. */
export type StatsTypes = ReturnType<typeof statsTypes>;
