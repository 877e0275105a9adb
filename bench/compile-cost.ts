/**
 * npx ts-node --transpile-only bench/compile-cost.ts (node --expose-gc for the retained sizes)
 *
 * What compiling an operation with graphql-jit costs, by its size once fragments are expanded:
 * the figures behind COMPILE_POLICY (src/graphql/jit-executor.ts). No database, no server.
 */
import 'reflect-metadata';
import { getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { awaitPromisedProperties, expandedSelections, synchronousTypeResolvers } from '../src/graphql/jit-executor';
import { getSchema } from '../src/schema';

const gc = (globalThis as { gc?: () => void }).gc;

async function main() {
  const schema = synchronousTypeResolvers(awaitPromisedProperties(await getSchema()));
  const documents: [string, string][] = [
    ['W2 nested', '{ county(code: "410726") { agencies(first: 50) { nodes { name enforcementCases(first: 20) { nodes { caseNumber decidedOn township { name } } } } } } }'],
    ['introspection', getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })],
  ];
  // A case fragment spread under n aliased lists of two aliased counties' agencies: size grows with n.
  for (const n of [2, 4, 8, 16, 32]) {
    let text = 'fragment F0 on EnforcementCase { id caseNumber decidedOn fineAmount actionType township { name code } agency { name code } }';
    text += ` fragment F1 on Agency { name ${Array.from({ length: n }, (_, i) => `a${i}: enforcementCases(first: 1) { nodes { ...F0 } }`).join(' ')} }`;
    text += ' { c1: county(code: "410726") { agencies(first: 5) { nodes { ...F1 } } } c2: county(code: "410726") { agencies(first: 5) { nodes { ...F1 } } } }';
    documents.push([`fragments x${n}`, text]);
  }
  const kept: unknown[] = [];
  console.log('| operation | selections (expanded) | compile ms | retained kB |\n|---|---|---|---|');
  for (const [name, text] of documents) {
    const document = parse(text);
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    kept.push(compileQuery(schema, document));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    gc?.();
    const retained = gc ? Math.round((process.memoryUsage().heapUsed - before) / 1024) : '(run with --expose-gc)';
    console.log(`| ${name} | ${expandedSelections(operation, document, 1e9)} | ${ms.toFixed(1)} | ${retained} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
