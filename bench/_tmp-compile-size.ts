import 'reflect-metadata';
import { parse, getIntrospectionQuery, type OperationDefinitionNode } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { getSchema } from '../src/schema';
import { expandedSelections, awaitPromisedProperties, synchronousTypeResolvers } from '../src/graphql/jit-executor';

const keep: unknown[] = [];
async function main() {
  const schema = synchronousTypeResolvers(awaitPromisedProperties(await getSchema()));
  const docs: [string, string][] = [
    ['introspection', getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })],
    ['W2', '{ county(code: "410726") { agencies(first: 50) { nodes { name enforcementCases(first: 20) { nodes { caseNumber decidedOn township { name } } } } } } }'],
  ];
  // fan-out: fragments spread into each other k times: a case node fragment with all scalar fields
  for (const n of [2, 4, 8, 16, 32]) {
    let q = 'fragment F0 on EnforcementCase { id caseNumber decidedOn fineAmount actionType township { name code } agency { name code } }';
    q += ` fragment F1 on Agency { name ${Array.from({ length: n }, (_, i) => `a${i}: enforcementCases(first: 1) { nodes { ...F0 } }`).join(' ')} }`;
    q += ` { c1: county(code: "410726") { agencies(first: 5) { nodes { ...F1 } } } c2: county(code: "410726") { agencies(first: 5) { nodes { ...F1 } } } }`;
    docs.push([`fan ${n}`, q]);
  }
  for (const [name, text] of docs) {
    const doc = parse(text);
    const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    const size = expandedSelections(op, doc, 1e9);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const c = compileQuery(schema, doc);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    keep.push(c);
    global.gc?.();
    const heap1 = process.memoryUsage().heapUsed;
    console.log(`${name}: ${size} selections, compile ${ms.toFixed(1)} ms, heap +${((heap1 - heap0) / 1e6).toFixed(1)} MB`, 'query' in c ? '' : JSON.stringify(c).slice(0, 200));
  }
}
main();
