/**
 * Issue 16, eighth round: objects made per request have no accessors of their own. V8 keeps an
 * object's own accessors (an object literal's `get`, defineProperty), and the request their
 * closures hold, alive through every scavenge until a mark-compact, so each request was promoted
 * (bench/README.md). Checked with V8's own %HasFastProperties and %HaveSameMap (an object with own
 * accessors is a dictionary, or has a hidden class of its own), on objects made for two requests:
 * the request context Apollo hands our compiled executor (gateway-request-context.ts, against
 * Apollo's own function), and the connections of root and child lists, as node objects and as
 * JSON (connection.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { HeaderMap } from '@apollo/server';
import { apolloGatewayRequestContext, gatewayRequestContext, installGatewayRequestContext } from '../src/graphql/gateway-request-context';
import { childConnections, EVERY_COLUMN, rootConnection, type Connection, type PageSelection } from '../src/query/connection';
import { enforcementCaseDecl } from '../src/modules/enforcement/enforcement-case.decl';
import { startTestApp, type TestApp } from './helpers/harness';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set, so V8 reads the intrinsic.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const hasFastProperties = new Function('a', 'return %HasFastProperties(a)') as (a: object) => boolean;
/** Made for two requests: the same hidden class, holding its properties (not a dictionary of them). */
const alike = (a: object, b: object) => hasFastProperties(a) && hasFastProperties(b) && haveSameMap(a, b);

function apolloRequestContext(search: string, status: number) {
  const headers = new HeaderMap([['content-type', 'application/json'], ['x-one', '1']]);
  return {
    request: { query: '{ __typename }', operationName: 'Op', variables: { a: 1 }, extensions: {}, http: { method: 'POST', headers, search } },
    response: { http: { headers: new HeaderMap([['cache-control', 'no-store']]), status } },
    schema: {}, contextValue: { id: search }, queryHash: `hash${search}`, document: {}, source: '{ __typename }', operationName: 'Op',
    operation: {}, errors: undefined, metrics: {}, overallCachePolicy: {}, requestIsBatched: false,
  };
}
const server = { logger: { name: 'logger' }, cache: { name: 'cache' } };
const internals = { includeStacktraceInErrorResponses: false };

describe('the request context of the compiled executor', () => {
  test('is installed in Apollo\'s module in place of Apollo\'s own', () => {
    installGatewayRequestContext();
    // requestPipeline.js reads it from this module at each call.
    const apolloModule = require(require.resolve('@apollo/server').replace(/index\.js$/, 'utils/makeGatewayGraphQLRequestContext.js'));
    expect(apolloModule.makeGatewayGraphQLRequestContext).toBe(gatewayRequestContext);
    expect(apolloGatewayRequestContext).not.toBe(gatewayRequestContext);
  });

  test('has the fields and values Apollo\'s has, headers and status read and written through', () => {
    for (const [search, status] of [['', 200], ['a=1', 400], ['?b=2', 201]] as const) {
      const mine = apolloRequestContext(search, status);
      const theirs = apolloRequestContext(search, status);
      const a = gatewayRequestContext(mine as never, server, internals);
      const b = apolloGatewayRequestContext(theirs as never, server, internals);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      const plain = (ctx: Record<string, any>) => ({
        ...ctx,
        request: { ...ctx.request, http: { ...ctx.request.http, headers: [...ctx.request.http.headers] } },
        response: { http: { headers: [...ctx.response.http.headers], status: ctx.response.http.status } },
      });
      expect(plain(a)).toEqual(plain(b));
      for (const [ctx, own] of [[a, mine], [b, theirs]] as const) {
        const http = (ctx.response as { http: { headers: any; status: number } }).http;
        http.status = 418;
        http.headers.append('cache-control', 'private');
        http.headers.set('x-two', '2');
        (ctx.request as { http: { headers: any } }).http.headers.delete('x-one');
        expect(own.response.http.status).toBe(418);
        expect(own.response.http.headers.get('cache-control')).toBe('no-store, private');
        expect(own.response.http.headers.get('x-two')).toBe('2');
        expect(http.headers.get('x-none')).toBeNull();
        expect(http.headers.has('x-two')).toBe(true);
        expect(own.request.http.headers.has('x-one')).toBe(false);
      }
      expect(plain(a)).toEqual(plain(b));
    }
  });

  test('made for two requests, has no accessors of its own (Apollo\'s own has)', () => {
    const [a, b] = ['x=1', 'y=2'].map((s) => gatewayRequestContext(apolloRequestContext(s, 200) as never, server, internals) as { response: { http: object }; request: { http: object } });
    expect(alike(a, b)).toBe(true);
    expect(alike(a.response.http, b.response.http)).toBe(true);
    expect(alike(a.request.http, b.request.http)).toBe(true);
    const [c, d] = ['x=1', 'y=2'].map((s) => apolloGatewayRequestContext(apolloRequestContext(s, 200) as never, server, internals) as { response: { http: object } });
    // When this fails, Apollo builds it without accessors of its own, and gateway-request-context.ts can go.
    expect(alike(c.response.http, d.response.http)).toBe(false);
  });
});

describe('connections made for two requests have no accessors of their own', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const policy = { maxPageSize: 1000, allowPersonal: false };
  const asJson: PageSelection = { properties: null, references: [], json: { fields: [{ kind: 'column', key: 'caseNumber', property: 'caseNumber' }], signature: 'caseNumber', children: [] } };

  async function twice(make: () => Promise<Connection<unknown>>): Promise<[Connection<unknown>, Connection<unknown>]> {
    return [await make(), await make()];
  }

  test.each([['node objects', EVERY_COLUMN], ['JSON', asJson]] as const)('root lists, %s', async (_kind, selection) => {
    const [a, b] = await twice(() => rootConnection(app.db, app.orm.em.fork() as never, enforcementCaseDecl, { first: 3 }, policy, [], selection));
    expect(alike(a, b)).toBe(true);
    expect(alike(a.pageInfo, b.pageInfo)).toBe(true);
    if (selection === EVERY_COLUMN) expect(a.edges).toHaveLength(3); // edges made when read, on the class
    await expect(a.totalCount).resolves.toBeGreaterThan(3);
  });

  test.each([['node objects', EVERY_COLUMN], ['JSON', asJson]] as const)('child lists, %s', async (_kind, selection) => {
    const [agency] = await app.sql<{ id: number }>('SELECT agency_id AS id FROM enforcement_case GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
    const make = async () => (await childConnections(app.db, app.orm.em.fork() as never, enforcementCaseDecl, 'Agency', [agency.id], { first: 2 }, policy, selection))[0];
    const [a, b] = await twice(make);
    expect(alike(a, b)).toBe(true);
    expect(alike(a.pageInfo, b.pageInfo)).toBe(true);
    expect(a.pageInfo.hasNextPage).toBe(true);
  });
});
