/**
 * jsonBytes (src/common/json-body.ts) writes answers in pieces; its bytes must be JSON.stringify's,
 * whatever the value: checked against `Buffer.from(JSON.stringify(v) + '\n')` for generated values
 * (deep and wide, Chinese and astral text, lone surrogates, what JSON.stringify drops or turns
 * into null, toJSON, null prototypes) and for answers large enough to take every path. Then over
 * HTTP: the real server's answer bytes are JSON.stringify of what they parse to.
 */
import fc from 'fast-check';
import { jsonBytes } from '../src/common/json-body';
import { RAW_JSON_MARKER, RawJson } from '../src/common/raw-json';
import { parsedAnswer } from './helpers/parsed-answer';
import { jsonBytesAtMost } from '../src/graphql/json-size';
import { startTestApp, type TestApp } from './helpers/harness';

const reference = (value: unknown) => Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }), // any code point, astral ones included
  fc.string({ unit: fc.constantFrom('执', '法', '案', '件', '"', '\\', '\n', '\u0000', '\ud800', '\udfff', 'a', '😀'), maxLength: 30 }),
);
const leaf = fc.oneof(
  text,
  fc.double(), // NaN, Infinity and -0 included: JSON writes null and 0
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.date({ noInvalidDate: true }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('bare')),
  array: fc.array(tie('value'), { maxLength: 8 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 6 }),
  bare: fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3, noNullPrototype: false }),
}));

describe('jsonBytes writes what JSON.stringify writes', () => {
  it('for generated values of every kind', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonBytes(v).equals(reference(v))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('for answers whose subtrees are larger than a piece, at every depth, with toJSON and omitted members', () => {
    const cases = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        caseNumber: `410726-${tag}-${i}`,
        decidedOn: i % 7 === 0 ? null : `2023-${String((i % 12) + 1).padStart(2, '0')}-01`,
        township: i % 5 === 0 ? null : { name: `延津县第${i % 13}乡😀` },
        dropped: undefined,
        at: new Date(Date.UTC(2023, 0, 1 + i)),
        custom: { toJSON: (key: string) => `toJSON(${key})` },
      }));
    const answers = [
      { data: { county: { agencies: { nodes: Array.from({ length: 50 }, (_, a) => ({ name: `机关${a}`, enforcementCases: { nodes: cases(20, `A${a}`) } })) } } } },
      // one node holding a list far larger than a piece, deeper than the walked levels
      { data: { a: { b: { c: { d: { e: [cases(2000, 'deep'), undefined, () => 0] } } } } } },
      // a wide list at the top, and a list of lists
      { data: { list: cases(3000, 'top') }, extensions: { execution: 'compiled' } },
      { data: { grid: Array.from({ length: 300 }, (_, i) => Array.from({ length: 30 }, (_, j) => `格${i}-${j}`)) } },
      Object.assign(Object.create(null) as object, { data: { nodes: cases(500, 'bare') } }),
    ];
    for (const answer of answers) {
      const bytes = jsonBytes(answer);
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.equals(reference(answer))).toBe(true);
    }
  });
});

describe('JSON PostgreSQL wrote (RawJson) is copied where it stands', () => {
  // Anywhere in a value: the bytes are those of the value with the JSON parsed in its place.
  const withRaw = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('raw'), tie('array'), tie('object')),
    // In pieces, as a page of many nodes comes (cut anywhere but inside a surrogate pair: PostgreSQL sends whole characters).
    // Each piece a string, or its UTF-8 bytes as the pools' connections read it (src/db/json-bytes.ts).
    raw: fc.tuple(value, fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })).map(([v, cuts, asBytes]) => {
      const json = JSON.stringify(v) ?? 'null';
      const at = [...new Set(cuts.map((c) => c % (json.length + 1)))].filter((i) => !/[\uDC00-\uDFFF]/.test(json[i] ?? '')).sort((a, b) => a - b);
      return new RawJson([0, ...at].map((start, i) => {
        const piece = json.slice(start, [...at, json.length][i]);
        return asBytes[i] ? Buffer.from(piece, 'utf8') : piece;
      }));
    }),
    array: fc.array(tie('value'), { maxLength: 8 }),
    object: fc.dictionary(text, tie('value'), { maxKeys: 6 }),
  })).value;

  it('for generated values with raw JSON at any depth, and the size bound holds', () => {
    fc.assert(
      fc.property(withRaw, (data) => {
        const v = { data }; // an answer is an object
        const bytes = jsonBytes(v);
        expect(bytes.equals(reference(parsedAnswer(v)))).toBe(true);
        expect(jsonBytesAtMost(v, 1e9)).toBeGreaterThanOrEqual(bytes.length - 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('with a member named __proto__ (an own property, as JSON.parse makes it)', () => {
    const v = JSON.parse('{"data":{"__proto__":0,"page":null}}') as { data: Record<string, unknown> };
    v.data.page = new RawJson('[{"__proto__":1}]');
    expect(jsonBytes(v).equals(reference(parsedAnswer(v)))).toBe(true);
    expect(jsonBytes(v).toString()).toBe('{"data":{"__proto__":0,"page":[{"__proto__":1}]}}\n');
  });

  it.each([['text', false], ['bytes', true]])('in a page of an answer larger than a piece (as %s), and beside a string that holds the marker itself', (_, asBytes) => {
    const json = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ caseNumber: `延公（治）行罚决字〔2023〕${i}号`, township: { name: '文岩街道😀' } })));
    const page = new RawJson(asBytes ? Buffer.from(json, 'utf8') : json);
    const answer = { data: { county: { agencies: { nodes: Array.from({ length: 30 }, (_, a) => ({ name: `机关${a}`, note: RAW_JSON_MARKER, enforcementCases: { nodes: page } })) } } } };
    expect(jsonBytes(answer).equals(reference(parsedAnswer(answer)))).toBe(true);
    expect(JSON.parse(jsonBytes(answer).toString()).data.county.agencies.nodes[3].note).toBe(RAW_JSON_MARKER);
    expect(jsonBytesAtMost(answer, 1e9)).toBeGreaterThanOrEqual(jsonBytes(answer).length - 1);
  });
});

describe('the server answers with those bytes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: true });
  });
  afterAll(() => app.close());

  it('a nested answer of Chinese text, an error answer and a GET: each body is JSON.stringify of its parse, with a matching content-length', async () => {
    const requests: [string, RequestInit][] = [
      [app.http!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ counties { code name townships(first: 50) { nodes { code name } } } }' }) }],
      [app.http!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ counties { nope } }' }) }],
      [`${app.http!.url}?query=${encodeURIComponent('{ counties { code name } }')}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } }],
    ];
    for (const [url, init] of requests) {
      const res = await fetch(url, init);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      const parsed = JSON.parse(bytes.toString('utf8')) as { data?: unknown; errors?: unknown };
      expect(parsed.data ?? parsed.errors).toBeTruthy();
      expect(bytes.equals(reference(parsed))).toBe(true);
    }
  });

  it('a GET answer has an ETag, and asking again with it gets 304 without a body; a POST answer has none (never revalidated)', async () => {
    const get = `${app.http!.url}?query=${encodeURIComponent('{ counties { code name } }')}`;
    const first = await fetch(get, { headers: { 'apollo-require-preflight': 'true' } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    // As a browser revalidates (fetch would add no-cache to a conditional request, which asks for the whole answer).
    const again = await fetch(get, { headers: { 'apollo-require-preflight': 'true', 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const post = await fetch(app.http!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ counties { code name } }' }) });
    expect(post.headers.get('etag')).toBeNull();
    expect(await post.json()).toEqual(await first.json());
  });
});
