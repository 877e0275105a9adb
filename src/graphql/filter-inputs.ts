/**
 * GraphQL input types generated from declarations: one operator input per scalar kind, one per
 * enum, one filter input per entity (with and/or/not), one order input per entity.
 */
import { ID, Int, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { MoneyScalar } from '../common/money';
import type { EntityDecl, FilterField } from '../query/declaration';
import { field, inputType, type Ctor, type FieldSpecs, type TypeRef } from './type-builder';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Sort order.' });

const ops = {
  eq: 'Equal to.',
  in: 'Equal to any of these (at most 1000).',
  notIn: 'Equal to none of these.',
  gt: 'Greater than.',
  gte: 'Greater than or equal to.',
  lt: 'Less than.',
  lte: 'Less than or equal to.',
};

/** An optional operator taking one value, or a list of values. */
const one = <T extends TypeRef>(type: T, description: string) => field(type, { nullable: true, description });
const many = <T extends TypeRef>(type: T, description: string) => field(type, { list: true, nullable: true, description });
const ordered = <T extends TypeRef>(type: T) => ({ gt: one(type, ops.gt), gte: one(type, ops.gte), lt: one(type, ops.lt), lte: one(type, ops.lte) });

export const IdFilter = inputType('IdFilter', 'Conditions on a reference, by global ID.', {
  eq: one(ID, ops.eq), in: many(ID, ops.in), notIn: many(ID, ops.notIn),
});
export const CodeFilter = inputType('CodeFilter', 'Conditions on a reference, by its code (e.g. county code 410726, agency code 410726-SFJ).', {
  eq: one(String, ops.eq), in: many(String, ops.in), notIn: many(String, ops.notIn),
});
export const DateFilter = inputType('DateFilter', 'Conditions on a date (YYYY-MM-DD). A range with gte above lte is rejected.', {
  eq: one(GraphQLLocalDate, ops.eq), ...ordered(GraphQLLocalDate),
});
export const IntFilter = inputType('IntFilter', 'Conditions on a whole number. A range with gte above lte is rejected.', {
  eq: one(Int, ops.eq), in: many(Int, ops.in), notIn: many(Int, ops.notIn), ...ordered(Int),
});
export const MoneyFilter = inputType('MoneyFilter', 'Conditions on an amount in yuan. A range with gte above lte is rejected.', {
  eq: one(MoneyScalar, ops.eq), ...ordered(MoneyScalar),
});
export const TextFilter = inputType('TextFilter', 'Conditions on text.', {
  eq: one(String, ops.eq), in: many(String, ops.in),
  contains: one(String, 'Contains this text, ignoring case.'), startsWith: one(String, 'Starts with this text, ignoring case.'),
});
export const BooleanFilter = inputType('BooleanFilter', 'Condition on a yes/no value.', { eq: one(Boolean, ops.eq) });

const enumFilters = new Map<string, Ctor>();
function enumFilter(field: FilterField): Ctor {
  const name = `${field.enumName}Filter`;
  let cls = enumFilters.get(name);
  if (!cls) {
    const e = field.enumType!;
    cls = inputType(name, `Conditions on ${field.enumName}.`, { eq: one(e, ops.eq), in: many(e, ops.in), notIn: many(e, ops.notIn) });
    enumFilters.set(name, cls);
  }
  return cls;
}

function operatorType(field: FilterField): TypeRef {
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
export function entityFilterInput(decl: EntityDecl) {
  const fields: FieldSpecs = {};
  for (const f of decl.filters) {
    // Resolve now: an input type created while the schema is being built would be unknown to it.
    const type = operatorType(f);
    fields[f.name] = one(type, f.description);
  }
  // Object.assign keeps the declared fields' index signature in the type (a spread would drop it).
  return inputType(`${decl.name}Filter`, `Conditions on ${decl.plural}; fields are combined with AND.`, (self) => Object.assign(fields, {
    and: many(self, 'All of these conditions.'),
    or: many(self, 'Any of these conditions.'),
    not: one(self, 'Not this condition.'),
  }));
}

/** `<Entity>OrderField` enum and `<Entity>Order` input. */
export function entityOrderInput(decl: EntityDecl) {
  const fieldEnum = Object.fromEntries(decl.orders.map((o) => [o.name, o.name]));
  registerEnumType(fieldEnum, { name: `${decl.name}OrderField`, description: `What ${decl.plural} can be ordered by; ties are broken by ID.` });
  return inputType(`${decl.name}Order`, `One sort key for ${decl.plural}.`, {
    field: field(fieldEnum, { description: 'Sort key.' }),
    direction: field(SortDirection, { defaultValue: SortDirection.ASC, description: 'Sort direction.' }),
  });
}
