/** HTTP behaviour of the real server: health, readiness, GraphQL-over-HTTP status codes, error codes. */
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { freePort } from '../src/db/embedded-postgres';
import { ormConfig } from '../src/db/orm';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let base: string;
beforeAll(async () => {
  app = await startTestApp({ http: true });
  base = app.http!.url.replace(/\/graphql$/, '');
});
afterAll(() => app.close());

describe('health endpoints', () => {
  it('GET /healthz answers 200 while the process is up', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz answers 503 with a JSON reason when the database does not', async () => {
    const port = await freePort(); // nothing listens there
    const orm = await MikroORM.init({ ...ormConfig({ url: `postgres://nobody:x@127.0.0.1:${port}/none` }), connect: false });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const server = await startServer({ orm, config, logger: createLogger('silent') }, 0, '127.0.0.1');
    try {
      const res = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
      expect(res.status).toBe(503);
      const body = (await res.json()) as any;
      expect(body.status).toBe('unavailable');
      expect(body.reason).toMatch(/^database: /);
      // The process keeps serving: liveness is still fine.
      expect((await fetch(server.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
      // And a GraphQL request gets a coded error, not a hang or a stack trace.
      const gql = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ counties { code } }' }) });
      const json = (await gql.json()) as any;
      expect(json.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(json)).not.toMatch(/at .*\.js|ECONNREFUSED|stack/);
    } finally {
      await server.close();
      await orm.close(true);
    }
  });
});

describe('GraphQL over HTTP', () => {
  it('serves the Yanjin query', async () => {
    const res = await postGraphql(app, { query: '{ county(code: "410726") { name townships { nodes { name } } } }' });
    expect(res.status).toBe(200);
    expect(res.json.data.county.name).toBe('延津县');
    expect(res.json.data.county.townships.nodes).toHaveLength(13);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a malformed query is 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await postGraphql(app, { query: '{ county(code: "410726" { name }' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('an unknown field is 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await postGraphql(app, { query: '{ county(code: "410726") { population2 } }' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a wrong-typed variable is 400 BAD_USER_INPUT', async () => {
    const res = await postGraphql(app, { query: 'query ($c: String!) { county(code: $c) { name } }', variables: { c: 410726 } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('an unknown county code is NOT_FOUND, a malformed one BAD_USER_INPUT naming the argument', async () => {
    const missing = await postGraphql(app, { query: '{ county(code: "999999") { name } }' });
    expect(missing.json.errors[0]).toMatchObject({ message: 'No county with code 999999', extensions: { code: 'NOT_FOUND' } });
    const malformed = await postGraphql(app, { query: '{ county(code: "41\' OR 1=1 --") { name } }' });
    expect(malformed.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'code' });
  });

  it('a body that is not JSON is 400 with a GraphQL-shaped error', async () => {
    const res = await postGraphql(app, '{"query": ');
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toEqual({ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('a body over the size limit is 413', async () => {
    const res = await postGraphql(app, { query: `{ counties { code } }${' '.repeat(4_300_000)}` });
    expect(res.status).toBe(413);
    expect(res.json.errors[0].message).toBe('Request body is too large.');
  });

  it('a POST without a JSON content type is refused (CSRF prevention), not executed', async () => {
    const res = await fetch(app.http!.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ counties { code } }"}' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('never sends stack traces', async () => {
    const res = await postGraphql(app, { query: '{ county(code: "x") { name } }' });
    expect(JSON.stringify(res.json)).not.toMatch(/stacktrace|\.ts:\d+/);
  });

  it('keeps serving after bad requests', async () => {
    const res = await postGraphql(app, { query: '{ counties { code } }' });
    expect(res.status).toBe(200);
    expect(res.json.data.counties.length).toBeGreaterThan(0);
  });

  it('serves the offline explorer at /: a page revalidated on each load, its bundle cached for good', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    // The browser itself is told to load and connect to nothing but this server.
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
    const html = await res.text();
    expect(html).toContain('id="graphiql"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(explorer\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.replace(/-\w+\./, '.'))).toEqual(['explorer/explorer.css', 'explorer/explorer.js']);
    for (const asset of assets) {
      const file = await fetch(`${base}/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /^(text|application)\/javascript/ : /^text\/css/);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('content-encoding')).toBe('gzip'); // fetch asks for it, and unpacks it
      const body = Buffer.from(await file.arrayBuffer());
      expect(body.byteLength).toBeGreaterThan(10_000);
      const plain = await fetch(`${base}/${asset}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(Buffer.from(await plain.arrayBuffer()).equals(body)).toBe(true);
    }
    expect((await fetch(`${base}/explorer/missing-file.js`)).status).toBe(404);
  });

  it('serves the dashboard at /dashboard the same way: same-origin CSP, hashed assets under /dashboard/, gzip', async () => {
    const res = await fetch(`${base}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(dashboard\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.replace(/-\w+\./, '.'))).toEqual(['dashboard/dashboard.css', 'dashboard/dashboard.js']);
    for (const asset of assets) {
      const file = await fetch(`${base}/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('content-encoding')).toBe('gzip');
    }
    // From /dashboard/ the page's relative asset names would not resolve: sent to /dashboard.
    const slash = await fetch(`${base}/dashboard/`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/dashboard');
  });
});

describe('internal errors', () => {
  let broken: TestApp;
  beforeAll(async () => {
    broken = await startTestApp({ http: true });
    await broken.sql('ALTER TABLE township RENAME TO township_gone'); // a bug we did not foresee
  });
  afterAll(() => broken.close());

  it('come back as INTERNAL_SERVER_ERROR with the request id and nothing else', async () => {
    const res = await postGraphql(broken, { query: '{ county(code: "410726") { townships { nodes { name } } } }' });
    const requestId = res.headers.get('x-request-id');
    expect(res.json.errors).toEqual([{
      message: `Internal server error (id ${requestId})`,
      locations: expect.any(Array),
      path: ['county', 'townships'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: requestId },
    }]);
    expect(JSON.stringify(res.json)).not.toMatch(/township_gone|relation|select|SQL/i);
  });
});
