/**
 * Issue 16: what the compiled executor compiles, and when (COMPILE_POLICY in
 * src/graphql/jit-executor.ts). Compiling costs more than interpreting once, and graphql-jit inlines
 * fragments wherever they are spread, so: second sighting only, bounded size, bounded cache.
 */
import { parse, type OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { CompiledOperations, expandedSelections, readsSchema } from '../src/graphql/jit-executor';

const fake = (name: string) => ({ name } as unknown as CompiledQuery);

function compiler(selections: number, name = 'q') {
  const calls = { measured: 0, built: 0 };
  const compile = () => {
    calls.measured += 1;
    return { selections, query: () => (calls.built += 1, fake(name)) };
  };
  return { calls, compile };
}

describe('CompiledOperations', () => {
  const policy = { maxSelections: 100, keptSelections: 250, kept: 3, remembered: 4 };

  it('interprets an operation the first time, compiles it the second, reuses it after', () => {
    const ops = new CompiledOperations(policy);
    const { calls, compile } = compiler(10);
    expect(ops.get('a', compile)).toBeUndefined();
    expect(calls).toEqual({ measured: 0, built: 0 });
    expect(ops.get('a', compile)).toEqual(fake('q'));
    expect(ops.get('a', compile)).toEqual(fake('q'));
    expect(calls).toEqual({ measured: 1, built: 1 });
    expect(ops.size).toEqual({ operations: 1, selections: 10 });
  });

  it('never compiles an operation larger than maxSelections, and measures it once', () => {
    const ops = new CompiledOperations(policy);
    const { calls, compile } = compiler(101);
    for (let i = 0; i < 5; i++) expect(ops.get('big', compile)).toBeUndefined();
    expect(calls).toEqual({ measured: 1, built: 0 });
    expect(ops.size.operations).toBe(0);
  });

  it('an operation graphql-jit cannot compile is interpreted from then on, compiled once', () => {
    const ops = new CompiledOperations(policy);
    let attempts = 0;
    const failing = () => ({ selections: 5, query: () => (attempts += 1, undefined) });
    for (let i = 0; i < 6; i++) expect(ops.get('odd', failing)).toBeUndefined();
    expect(attempts).toBe(1);
  });

  it('a stream of distinct operations is never compiled, and the sightings kept stay bounded', () => {
    const ops = new CompiledOperations(policy);
    const { calls, compile } = compiler(10);
    for (let i = 0; i < 50; i++) expect(ops.get(`distinct ${i}`, compile)).toBeUndefined();
    expect(calls.measured).toBe(0);
    // Only the last `remembered` sightings are kept: the first operation is new again.
    expect(ops.get('distinct 0', compile)).toBeUndefined();
    expect(ops.get('distinct 49', compile)).toBeDefined();
  });

  it('keeps compiled operations under keptSelections and kept, least recently used out first', () => {
    const ops = new CompiledOperations(policy);
    const twice = (key: string, selections: number) => {
      const { compile } = compiler(selections, key);
      ops.get(key, compile);
      return ops.get(key, compile);
    };
    twice('a', 100);
    twice('b', 100);
    expect(ops.size).toEqual({ operations: 2, selections: 200 });
    ops.get('a', compiler(100, 'a').compile); // a is now the most recently used
    twice('c', 100); // 300 > 250: b goes
    expect(ops.size).toEqual({ operations: 2, selections: 200 });
    const probe = compiler(100, 'b');
    expect(ops.get('b', probe.compile)).toBeUndefined(); // b was dropped: seen anew
    expect(ops.get('a', compiler(100, 'a').compile)).toEqual(fake('a'));
    for (const key of ['d', 'e', 'f']) twice(key, 1);
    expect(ops.size.operations).toBeLessThanOrEqual(3);
  });
});

const operationOf = (text: string) => {
  const document = parse(text);
  return { document, operation: document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode };
};

describe('expandedSelections', () => {
  it('counts fields with fragments expanded where they are spread', () => {
    const { document, operation } = operationOf('{ a { ...F ...F } b } fragment F on T { x y { z } }');
    // a, b, two spreads, and each spread's x, y, z
    expect(expandedSelections(operation, document, 1000)).toBe(2 + 2 + 2 * 3);
  });

  it('stops once past the limit, however far the document would expand (10^9 here)', () => {
    let text = '{ ...F9 } fragment F0 on Query { __typename }';
    for (let i = 1; i < 10; i++) text += ` fragment F${i} on Query { ${Array.from({ length: 10 }, () => `...F${i - 1}`).join(' ')} }`;
    const { document, operation } = operationOf(text);
    expect(expandedSelections(operation, document, 1000)).toBe(1001);
  });
});

describe('readsSchema', () => {
  it.each([
    ['{ __schema { types { name } } }', true],
    ['{ county(code: "1") { name } __type(name: "County") { name } }', true],
    ['{ ...Q } fragment Q on Query { ... on Query { __schema { queryType { name } } } }', true],
    ['{ county(code: "1") { __typename name } }', false],
    ['{ ...Q } fragment Q on Query { counties { code } }', false],
  ])('%s: %s', (text, expected) => {
    const { document, operation } = operationOf(text as string);
    expect(readsSchema(operation, document)).toBe(expected);
  });
});
