/**
 * Issue 12.14: waiting is not complexity. A statement that waits for rows another operation holds
 * (an import, a refresh, a migration) past LOCK_TIMEOUT_MS is SERVICE_UNAVAILABLE with
 * `reason: "locked"` and Retry-After, not QUERY_TOO_COMPLEX after the statement timeout. (A
 * database that does not answer at all: test/fault.test.ts; the mapping of each code:
 * test/errors.test.ts.)
 */
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';


let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000', LOCK_TIMEOUT_MS: '500', STATEMENT_TIMEOUT_MS: '3000' } });
});
afterAll(() => app.close());

it('a statement blocked by a lock for longer than LOCK_TIMEOUT_MS is SERVICE_UNAVAILABLE (locked, Retry-After), not QUERY_TOO_COMPLEX', async () => {
  await app.sql('BEGIN');
  await app.sql('LOCK TABLE township IN ACCESS EXCLUSIVE MODE');
  let res;
  try {
    res = await postGraphql(app, { query: '{ county(code: "410726") { townships(first: 3) { nodes { name } } } }' });
  } finally {
    await app.sql('ROLLBACK');
  }
  expect(res.status).toBeLessThan(500);
  expect(res.json.errors.map((e: { extensions: Record<string, unknown> }) => [e.extensions.code, e.extensions.reason])).toEqual([['SERVICE_UNAVAILABLE', 'locked']]);
  expect(res.json.errors[0].message).toMatch(/held by another operation/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  // Released: the same query is answered.
  const again = await postGraphql(app, { query: '{ county(code: "410726") { townships(first: 3) { nodes { name } } } }' });
  expect(again.json.data.county.townships.nodes).toHaveLength(3);
});
