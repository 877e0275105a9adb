/**
 * Which counties an anonymous answer may contain, from the operation alone, so that the answer
 * cache (answer-cache.ts) drops it when, and only when, one of them changes. Only published data is
 * kept: the root fields below. A root field names its counties through its arguments; anything
 * it does not narrow is 'ANY'. A selection that walks from one county to others (a city's counties,
 * a province's cities) makes the answer 'ANY' too.
 */
import {
  getArgumentValues, getNamedType, getVariableValues, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { CountyScope } from '../db/data-changes';

type Args = Record<string, unknown>;

interface CodeFilter { eq?: string | null; in?: string[] | null }
interface CountyFilter { countyCode?: CodeFilter | null; and?: CountyFilter[] | null }

/** The counties a record or figure filter keeps: its countyCode, at the top or in one of its `and`s. */
function filterCounties(filter: CountyFilter | null | undefined): CountyScope {
  if (!filter) return 'ANY';
  const code = filter.countyCode;
  if (code?.eq != null) return [code.eq];
  if (code?.in?.length) return code.in; // an empty list is left to the filter compiler: assume any
  for (const part of filter.and ?? []) {
    const scope = filterCounties(part);
    if (scope !== 'ANY') return scope;
  }
  return 'ANY';
}

/** Root fields whose anonymous answers are kept, and the counties each reads. */
const ROOT_FIELDS: Record<string, (args: Args) => CountyScope> = {
  __typename: () => [],
  // No codes, or an empty list: every county that is not synthetic.
  comparison: (a) => ((a.counties as string[] | null | undefined)?.length ? a.counties as string[] : 'ANY'),
  reconciliation: (a) => [a.county as string],
  county: (a) => [a.code as string],
  counties: () => 'ANY',
  figures: (a) => filterCounties(a.filter as CountyFilter),
  reports: (a) => filterCounties(a.filter as CountyFilter),
  indicators: () => 'ANY',
  indicator: () => 'ANY',
};
const isStatsField = (name: string) => name.endsWith('Stats');

/** Fields that lead from one county to others. */
const ACROSS_COUNTIES = new Set(['City.counties', 'Province.cities']);

function crossesCounties(schema: GraphQLSchema, type: GraphQLObjectType, set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (ACROSS_COUNTIES.has(`${type.name}.${s.name.value}`)) return true;
      const field = type.getFields()[s.name.value];
      const inner = field && getNamedType(field.type);
      if (s.selectionSet && isObjectType(inner) && crossesCounties(schema, inner, s.selectionSet, fragments, seen)) return true;
      // Interfaces and unions (Node) are not reached from the cached fields; treat one as crossing.
      if (s.selectionSet && inner && !isObjectType(inner)) return true;
    } else {
      const name = s.kind === Kind.INLINE_FRAGMENT ? s.typeCondition?.name.value : fragments[s.name.value]?.typeCondition.name.value;
      const next = name ? schema.getType(name) : type;
      if (!isObjectType(next)) return true;
      const body = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments[s.name.value]?.selectionSet;
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        if (seen.has(s.name.value)) continue;
        seen.add(s.name.value);
      }
      if (body && crossesCounties(schema, next, body, fragments, seen)) return true;
    }
  }
  return false;
}

function ruleOf(name: string): ((args: Args) => CountyScope) | undefined {
  return ROOT_FIELDS[name] ?? (isStatsField(name) ? (a: Args) => filterCounties(a.filter as CountyFilter) : undefined);
}

/**
 * The counties the operation's answer may contain, or null when it is not kept (a mutation, a root
 * field outside the published data, a directive at the root, variables that do not coerce).
 * Runs for every anonymous request: operations that are not kept are told apart first, without
 * coercing variables or reading fragments.
 */
export function answerScope(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined): CountyScope | null {
  const root = schema.getQueryType();
  if (operation.operation !== 'query' || !root) return null;
  const fields = root.getFields();
  for (const s of operation.selectionSet.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length || !ruleOf(s.name.value) || (!fields[s.name.value] && s.name.value !== '__typename')) return null;
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const counties = new Set<string>();
  let any = false;
  for (const s of operation.selectionSet.selections as readonly FieldNode[]) {
    const field = fields[s.name.value];
    const scope = field ? ruleOf(s.name.value)!(getArgumentValues(field, s, coerced.coerced)) : [];
    if (scope === 'ANY') any = true;
    else for (const code of scope) counties.add(code);
    const type = field && getNamedType(field.type);
    if (s.selectionSet && isObjectType(type) && crossesCounties(schema, type, s.selectionSet, fragments)) any = true;
  }
  return any ? 'ANY' : [...counties].sort();
}
