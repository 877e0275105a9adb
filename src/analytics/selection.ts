/**
 * Reads which measures a stats request selects, so the engine computes exactly those
 * (and previous-year ones only when asked). Follows fragments and resolves variables.
 */
import { GraphQLFloat, Kind, valueFromAST, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { BadUserInputError } from '../errors';
import type { FactDecl } from './fact';
import { distinctMeasureId, isNumericAggregate, measuresOf, numericMeasureId } from './measures';
import { emptyMeasures, type MeasureSet } from './stats-sql';

type FieldVisitor = (name: string, node: import('graphql').FieldNode) => void;

function eachField(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, visit: FieldVisitor): void {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) visit(sel.name.value, sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) eachField(info, sel.selectionSet, visit);
    else if (sel.kind === Kind.FRAGMENT_SPREAD) eachField(info, info.fragments[sel.name.value]?.selectionSet, visit);
  }
}

function readMeasures(fact: FactDecl, info: GraphQLResolveInfo, set: SelectionSetNode | undefined, into: MeasureSet, onPrevious?: (s: SelectionSetNode | undefined) => void): void {
  const catalogue = measuresOf(fact);
  const add = (id: string) => catalogue.has(id) && into.ids.add(id);
  eachField(info, set, (name, node) => {
    if (isNumericAggregate(name)) eachField(info, node.selectionSet, (f) => add(numericMeasureId(f, name)));
    else if (name === 'distinctCount') eachField(info, node.selectionSet, (f) => add(distinctMeasureId(f)));
    else if (name === 'percentile') {
      const arg = node.arguments?.find((a) => a.name.value === 'p');
      const p = arg ? (valueFromAST(arg.value, GraphQLFloat, info.variableValues) as number | undefined) : undefined;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new BadUserInputError(`percentile(p:) must be between 0 and 1, got ${p}`, 'p');
      const fields = into.percentiles.get(p) ?? new Set<string>();
      eachField(info, node.selectionSet, (f) => {
        if (fact.numeric.some((n) => n.name === f)) fields.add(f);
      });
      into.percentiles.set(p, fields);
    } else if (name === 'previousYear') onPrevious?.(node.selectionSet);
    else add(name); // count, conditional counts and ratios are measures by their own name
  });
}

/** Measures of the groups, and of previousYear (null when not selected). */
export function requestedMeasures(fact: FactDecl, info: GraphQLResolveInfo): { measures: MeasureSet; previousYear: MeasureSet | null } {
  const measures = emptyMeasures();
  let previousYear: MeasureSet | null = null;
  const readGroup = (set: SelectionSetNode | undefined) =>
    readMeasures(fact, info, set, measures, (prevSet) => {
      previousYear ??= emptyMeasures();
      readMeasures(fact, info, prevSet, previousYear);
    });
  for (const fieldNode of info.fieldNodes) {
    eachField(info, fieldNode.selectionSet, (name, node) => {
      if (name === 'nodes') readGroup(node.selectionSet);
      else if (name === 'edges') eachField(info, node.selectionSet, (n, inner) => n === 'node' && readGroup(inner.selectionSet));
    });
  }
  return { measures, previousYear };
}
