/**
 * Query limits (depth, cost, aliases, directives, tokens, document size), rate limiting,
 * introspection switch, hidden suggestions in production, and the GraphQL-over-HTTP audit.
 */
import { randomBytes } from 'node:crypto';
import { auditServer } from 'graphql-http';
import { Db } from '../src/db/db';
import { readExamples } from '../src/explorer/examples';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: true });
});
afterAll(() => app.close());

async function code(query: string, on = app, variables?: Record<string, unknown>) {
  const res = await postGraphql(on, { query, variables });
  return { status: res.status, code: res.json.errors?.[0]?.extensions?.code, message: res.json.errors?.[0]?.message as string, json: res.json };
}

describe('query limits (defaults)', () => {
  it('a depth bomb is refused before it runs', async () => {
    let q = 'id';
    for (let i = 0; i < 20; i++) q = `county { agencies(first: 1) { nodes { ${q} } } }`;
    const r = await code(`{ agencies(first: 1) { nodes { ${q} } } }`);
    expect(r).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(r.message).toMatch(/levels deep; the limit is 12/);
  });

  it('cost multiplies by page sizes', async () => {
    const r = await code('{ county(code: "410726") { agencies(first: 100) { nodes { enforcementCases(first: 100) { nodes { township { agencies: county { agencies(first: 100) { nodes { code } } } } } } } } } }');
    expect(r).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(r.message).toMatch(/could return about \d+ values .* the limit is 50000/);
  });

  it('an alias bomb is refused; 100 aliases (a batch of point reads, as many as nodes(ids:) takes) are not', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: county(code: "410726") { name }`).join(' ');
    expect(await code(`{ ${aliases(101)} }`)).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    const res = await postGraphql(app, { query: `{ ${aliases(100)} }` });
    expect(res.status).toBe(200);
    expect(Object.values(res.json.data as Record<string, { name: string }>).map((c) => c.name)).toEqual(Array(100).fill('延津县'));
  });

  it('too many directives are refused', async () => {
    const fields = Array.from({ length: 25 }, () => 'name @include(if: true)').join(' ');
    expect(await code(`{ county(code: "410726") { ${fields} } }`)).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
  });

  it('too many tokens is a parse error; an oversized document is refused by size', async () => {
    const many = `{ county(code: "410726") { ${'a '.repeat(6000)} } }`;
    const r = await code(many);
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/tokens/);
    const big = await code(`{ county(code: "410726") { name } } ${'#'.repeat(30000)}`);
    expect(big).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
  });

  it('batched requests are refused', async () => {
    const res = await postGraphql(app, [{ query: '{ counties { code } }' }, { query: '{ counties { code } }' }]);
    expect(res.status).toBe(400);
  });

  it('our own example operations stay within the limits', async () => {
    for (const e of readExamples()) {
      const res = await postGraphql(app, { query: e.query, variables: e.variables });
      const codes = (res.json.errors ?? []).map((x: any) => x.extensions.code);
      expect(codes.filter((c: string) => c === 'QUERY_TOO_COMPLEX')).toEqual([]);
    }
  });
});

describe('configurable limits and switches', () => {
  let strict: TestApp;
  let shallow: TestApp;
  let prod: TestApp;
  beforeAll(async () => {
    [strict, shallow, prod] = await Promise.all([
      startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '5' } }),
      startTestApp({ http: true, env: { MAX_QUERY_DEPTH: '3', INTROSPECTION: 'false' } }),
      startTestApp({ http: true, env: { NODE_ENV: 'production' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([strict.close(), shallow.close(), prod.close()]);
  });

  it('rate limit per key (here 5 a minute): the sixth request is 429 RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postGraphql(strict, { query: '{ counties { code } }' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const res = await postGraphql(strict, { query: '{ counties { code } }' });
    expect(res.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('MAX_QUERY_DEPTH and INTROSPECTION=false', async () => {
    const r = await postGraphql(prod, { query: '{ __schema { queryType { name } } }' });
    expect(r.json.data.__schema.queryType.name).toBe('Query'); // on by default, even in production
    expect((await code('{ county(code: "410726") { agencies(first: 1) { nodes { name } } } }', shallow)).code).toBe('QUERY_TOO_COMPLEX');
    const intro = await code('{ __schema { queryType { name } } }', shallow);
    expect(intro.status).toBe(400);
    expect(intro.message).toMatch(/introspection/i);
  });

  it('field suggestions are hidden in production', async () => {
    const dev = await code('{ county(code: "410726") { nam } }');
    expect(dev.message).toMatch(/Did you mean/);
    const production = await code('{ county(code: "410726") { nam } }', prod);
    expect(production.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(production.message).not.toMatch(/Did you mean/);
  });
});

// Issue 12.5: the limit was keyed on the raw Authorization header, so respelling it ("bearer KEY",
// two spaces) started a fresh count, and every unknown key had a count of its own.
describe('rate limit by the resolved key, by address for unknown keys and anonymous callers', () => {
  let limited: TestApp;
  let a: string;
  let b: string;
  const query = { query: '{ counties { code } }' };
  beforeAll(async () => {
    limited = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '5' } });
    const db = new Db(limited.orm);
    a = (await createKey(db, Role.ANALYST, null, 'key a')).secret;
    b = (await createKey(db, Role.ANALYST, null, 'key b')).secret;
  });
  afterAll(() => limited.close());

  it('respelling the Authorization header of a limited key is still 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postGraphql(limited, query, { authorization: `Bearer ${a}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    for (const header of [`bearer ${a}`, `BEARER ${a}`, `Bearer  ${a}`, `Bearer\t${a}`, `bEaReR   ${a}`]) {
      const res = await postGraphql(limited, query, { authorization: header });
      expect([header, res.status, res.json.errors?.[0]?.extensions?.code]).toEqual([header, 429, 'RATE_LIMITED']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another key has a count of its own.
    expect((await postGraphql(limited, query, { authorization: `bearer ${b}` })).status).toBe(200);
  });

  it('unknown keys are limited by client address, together with anonymous requests from it', async () => {
    const unknown = () => `rol_${randomBytes(32).toString('base64url')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postGraphql(limited, query, { authorization: `Bearer ${unknown()}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const malformed = await postGraphql(limited, query, { authorization: 'Basic Zm9vOmJhcg==' });
    expect([malformed.status, malformed.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    const anonymous = await postGraphql(limited, query);
    expect([anonymous.status, anonymous.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(anonymous.headers.get('retry-after'))).toBeGreaterThan(0);
    // A valid key from the same address is counted by its key, not by the address.
    expect((await postGraphql(limited, query, { authorization: `Bearer ${b}` })).status).toBe(200);
  });
});

describe('GraphQL over HTTP (graphql-http audit suite)', () => {
  it('passes every MUST audit; the failing SHOULD audits are the ones the README lists', async () => {
    const results = await auditServer({ url: app.http!.url });
    const mustFailures = results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}`);
    expect(mustFailures).toEqual([]);
    const warnings = results.filter((r) => r.status === 'warn').map((r) => r.id).sort();
    expect(warnings).toEqual(['572B', '7B9B', 'FDE2']);
  });
});
