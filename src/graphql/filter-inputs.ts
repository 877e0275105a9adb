/**
 * GraphQL input types generated from declarations: one operator input per scalar kind, one per
 * enum, one filter input per entity (with and/or/not), one order input per entity.
 */
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { MoneyScalar } from '../common/money';
import type { EntityDecl, FilterField } from '../query/declaration';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Sort order.' });

type Class = new () => object;

function defineInput(name: string, description: string, fields: [string, () => unknown, string][]): Class {
  const cls = { [name]: class {} }[name];
  for (const [field, type, desc] of fields) Field(type as never, { nullable: true, description: desc })(cls.prototype, field);
  InputType(name, { description })(cls);
  return cls;
}

const ops = {
  eq: 'Equal to.',
  in: 'Equal to any of these (at most 1000).',
  notIn: 'Equal to none of these.',
  gt: 'Greater than.',
  gte: 'Greater than or equal to.',
  lt: 'Less than.',
  lte: 'Less than or equal to.',
};

export const IdFilter = defineInput('IdFilter', 'Conditions on a reference, by global ID.', [
  ['eq', () => ID, ops.eq], ['in', () => [ID], ops.in], ['notIn', () => [ID], ops.notIn],
]);
export const CodeFilter = defineInput('CodeFilter', 'Conditions on a reference, by its code (e.g. county code 410726, agency code 410726-SFJ).', [
  ['eq', () => String, ops.eq], ['in', () => [String], ops.in], ['notIn', () => [String], ops.notIn],
]);
export const DateFilter = defineInput('DateFilter', 'Conditions on a date (YYYY-MM-DD). A range with gte above lte is rejected.', [
  ['eq', () => GraphQLLocalDate, ops.eq], ['gt', () => GraphQLLocalDate, ops.gt], ['gte', () => GraphQLLocalDate, ops.gte],
  ['lt', () => GraphQLLocalDate, ops.lt], ['lte', () => GraphQLLocalDate, ops.lte],
]);
export const IntFilter = defineInput('IntFilter', 'Conditions on a whole number. A range with gte above lte is rejected.', [
  ['eq', () => Int, ops.eq], ['in', () => [Int], ops.in], ['notIn', () => [Int], ops.notIn],
  ['gt', () => Int, ops.gt], ['gte', () => Int, ops.gte], ['lt', () => Int, ops.lt], ['lte', () => Int, ops.lte],
]);
export const MoneyFilter = defineInput('MoneyFilter', 'Conditions on an amount in yuan. A range with gte above lte is rejected.', [
  ['eq', () => MoneyScalar, ops.eq], ['gt', () => MoneyScalar, ops.gt], ['gte', () => MoneyScalar, ops.gte],
  ['lt', () => MoneyScalar, ops.lt], ['lte', () => MoneyScalar, ops.lte],
]);
export const TextFilter = defineInput('TextFilter', 'Conditions on text.', [
  ['eq', () => String, ops.eq], ['in', () => [String], ops.in],
  ['contains', () => String, 'Contains this text, ignoring case.'], ['startsWith', () => String, 'Starts with this text, ignoring case.'],
]);
export const BooleanFilter = defineInput('BooleanFilter', 'Condition on a yes/no value.', [['eq', () => Boolean, ops.eq]]);

const enumFilters = new Map<string, Class>();
function enumFilter(field: FilterField): Class {
  const name = `${field.enumName}Filter`;
  let cls = enumFilters.get(name);
  if (!cls) {
    const e = field.enumType!;
    cls = defineInput(name, `Conditions on ${field.enumName}.`, [['eq', () => e, ops.eq], ['in', () => [e], ops.in], ['notIn', () => [e], ops.notIn]]);
    enumFilters.set(name, cls);
  }
  return cls;
}

function operatorType(field: FilterField): unknown {
  switch (field.kind) {
    case 'id': return IdFilter;
    case 'code': return CodeFilter;
    case 'date': return DateFilter;
    case 'int': return IntFilter;
    case 'money': return MoneyFilter;
    case 'text': return TextFilter;
    case 'bool': return BooleanFilter;
    case 'enum': return enumFilter(field);
    case 'asOf': return GraphQLLocalDate;
  }
}

/** `<Entity>Filter`: one optional field per filter, plus and / or / not. */
export function entityFilterInput(decl: EntityDecl): Class {
  const name = `${decl.name}Filter`;
  const cls = { [name]: class {} }[name];
  for (const f of decl.filters) {
    // Resolve now: an input type created while the schema is being built would be unknown to it.
    const type = operatorType(f);
    Field(() => type as never, { nullable: true, description: f.description })(cls.prototype, f.name);
  }
  Field(() => [cls], { nullable: true, description: 'All of these conditions.' })(cls.prototype, 'and');
  Field(() => [cls], { nullable: true, description: 'Any of these conditions.' })(cls.prototype, 'or');
  Field(() => cls, { nullable: true, description: 'Not this condition.' })(cls.prototype, 'not');
  InputType(name, { description: `Conditions on ${decl.plural}; fields are combined with AND.` })(cls);
  return cls;
}

/** `<Entity>OrderField` enum and `<Entity>Order` input. */
export function entityOrderInput(decl: EntityDecl): Class {
  const fieldEnum = Object.fromEntries(decl.orders.map((o) => [o.name, o.name]));
  registerEnumType(fieldEnum, { name: `${decl.name}OrderField`, description: `What ${decl.plural} can be ordered by; ties are broken by ID.` });
  const name = `${decl.name}Order`;
  const cls = { [name]: class {} }[name];
  Field(() => fieldEnum, { description: 'Sort key.' })(cls.prototype, 'field');
  Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Sort direction.' })(cls.prototype, 'direction');
  InputType(name, { description: `One sort key for ${decl.plural}.` })(cls);
  return cls;
}
