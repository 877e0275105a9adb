/**
 * The role x operation matrix, over real HTTP with real API keys: what each kind of caller may
 * read and write. FORBIDDEN comes back as a GraphQL error; a bad or revoked key is a 401.
 */
import { Db } from '../src/db/db';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey, revokeKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
const keys: Record<string, string | undefined> = {};
beforeAll(async () => {
  app = await startTestApp({ http: true });
  const db = new Db(app.orm);
  keys.analyst = (await createKey(db, Role.ANALYST, null, 'analyst')).secret;
  keys.editor = (await createKey(db, Role.EDITOR, '410726', 'yanjin editor')).secret;
  keys.otherEditor = (await createKey(db, Role.EDITOR, '410425', 'jiaxian editor')).secret;
  keys.admin = (await createKey(db, Role.ADMIN, null, 'admin')).secret;
  const revoked = await createKey(db, Role.ADMIN, null, 'revoked');
  await revokeKey(db, revoked.id);
  keys.revoked = revoked.secret;
  keys.bad = `rol_${'x'.repeat(43)}`;
});
afterAll(() => app.close());

const report = (year: number) => ({
  format: 'rule-of-law-report/v1',
  report: { areaCode: '410726', year, title: `test fixture ${year}`, coverage: 'TEST FIXTURE, not a real report' },
  figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 1000 + year % 100, unit: '件', quote: `行政处罚${1000 + year % 100}件` }],
});
let csvRow = 0;
const csv = () => `county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source\n410726,MATRIX-${++csvRow},410726-SFJ,,MEDIATION,2023-01-01,,,,test`;

const OPERATIONS: Record<string, () => { query: string; variables?: Record<string, unknown> }> = {
  'read published figures': () => ({ query: '{ figures(first: 1) { nodes { value quote } } }' }),
  'read aggregates': () => ({ query: '{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }) { nodes { count } } }' }),
  'list records': () => ({ query: '{ enforcementCases(first: 1) { nodes { caseNumber } } }' }),
  'read a Yanjin officer\'s name': () => ({ query: '{ enforcementOfficers(first: 1, filter: { countyCode: { eq: "410726" } }) { nodes { name certificateNumber } } }' }),
  'filter officers by name': () => ({ query: '{ enforcementOfficers(first: 1, filter: { name: { contains: "王" } }) { totalCount } }' }),
  'import a Yanjin report': () => ({ query: 'mutation ($r: JSONObject!) { importReport(report: $r) { status } }', variables: { r: report(2000 + ++csvRow) } }),
  'import Yanjin records': () => ({ query: 'mutation ($c: String!) { importRecords(kind: CASES, csv: $c) { inserted } }', variables: { c: csv() } }),
  'read the audit log': () => ({ query: '{ auditLog(first: 5) { nodes { actor action rows } } }' }),
  'propose figures from a Yanjin text': () => ({ query: 'query ($t: String!) { proposeFigures(text: $t, areaCode: "410726", year: 2023) { matchedCount } }', variables: { t: '全年行政处罚906件' } }),
};

type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED';
const MATRIX: Record<string, Outcome[]> = {
  //                                      anonymous     analyst      editor 410726 editor 410425 admin         revoked            bad key
  'read published figures':              ['ok',        'ok',        'ok',        'ok',        'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'read aggregates':                     ['ok',        'ok',        'ok',        'ok',        'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'list records':                        ['FORBIDDEN', 'ok',        'ok',        'ok',        'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'read a Yanjin officer\'s name':       ['FORBIDDEN', 'FORBIDDEN', 'ok',        'FORBIDDEN', 'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'filter officers by name':             ['FORBIDDEN', 'FORBIDDEN', 'ok',        'ok',        'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'import a Yanjin report':              ['FORBIDDEN', 'FORBIDDEN', 'ok',        'FORBIDDEN', 'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'import Yanjin records':               ['FORBIDDEN', 'FORBIDDEN', 'ok',        'FORBIDDEN', 'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'read the audit log':                  ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  'propose figures from a Yanjin text':  ['FORBIDDEN', 'FORBIDDEN', 'ok',        'FORBIDDEN', 'ok',        'UNAUTHENTICATED', 'UNAUTHENTICATED'],
};
const CALLERS = ['anonymous', 'analyst', 'editor', 'otherEditor', 'admin', 'revoked', 'bad'];

describe('role x operation', () => {
  const cases = Object.entries(MATRIX).flatMap(([op, outcomes]) => outcomes.map((o, i) => [op, CALLERS[i], o] as const));
  it.each(cases)('%s as %s: %s', async (op, caller, expected) => {
    const key = keys[caller];
    const res = await postGraphql(app, OPERATIONS[op](), key ? { authorization: `Bearer ${key}` } : {});
    if (expected === 'UNAUTHENTICATED') {
      expect(res.status).toBe(401);
      expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      return;
    }
    expect(res.status).toBe(200);
    const codes = (res.json.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code);
    if (expected === 'ok') expect(codes).toEqual([]);
    else expect(codes[0]).toBe('FORBIDDEN');
  });

  it('an editor filtering by name sees only its own county (no inference across counties)', async () => {
    const other = await postGraphql(app, { query: '{ enforcementOfficers(first: 5, filter: { name: { contains: "王" } }) { totalCount } }' }, { authorization: `Bearer ${keys.otherEditor}` });
    expect(other.json.data.enforcementOfficers.totalCount).toBe(0); // Jiaxian holds no officers; Yanjin's stay invisible
    const own = await postGraphql(app, { query: '{ enforcementOfficers(first: 5, filter: { name: { contains: "王" } }) { totalCount nodes { name county { code } } } }' }, { authorization: `Bearer ${keys.editor}` });
    expect(own.json.data.enforcementOfficers.totalCount).toBeGreaterThan(0);
    expect(own.json.data.enforcementOfficers.nodes.every((n: { name: string; county: { code: string } }) => n.name.includes('王') && n.county.code === '410726')).toBe(true);
  });

  it('personal data is null with a FORBIDDEN error entry, the rest of the row is returned', async () => {
    const res = await postGraphql(app, { query: '{ enforcementOfficers(first: 2, filter: { countyCode: { eq: "410726" } }) { nodes { status name } } }' }, { authorization: `Bearer ${keys.analyst}` });
    expect(res.json.data.enforcementOfficers.nodes).toEqual([{ status: expect.any(String), name: null }, { status: expect.any(String), name: null }]);
    expect(res.json.errors.map((e: { extensions: { code: string }; path: unknown[] }) => [e.extensions.code, e.path.at(-1)])).toEqual([['FORBIDDEN', 'name'], ['FORBIDDEN', 'name']]);
  });

  it('writes are in the audit log, readable by admins: who, what, when, how many rows', async () => {
    const res = await postGraphql(app, { query: '{ auditLog(first: 50) { nodes { actor keyId action countyCode rows at detail } } }' }, { authorization: `Bearer ${keys.admin}` });
    const entries = res.json.data.auditLog.nodes as { actor: string; action: string; countyCode: string; rows: number }[];
    expect(entries.map((e) => `${e.actor}:${e.action}:${e.countyCode}:${e.rows}`).sort()).toEqual([
      'admin:importRecords:cases:null:1', 'admin:importReport:410726:1', 'yanjin editor:importRecords:cases:410726:1', 'yanjin editor:importReport:410726:1',
    ]);
  });
});

// Issue 12.13: an empty header was anonymous; revoked and unknown keys had different messages.
describe('bad Authorization headers', () => {
  it('an empty Authorization header is a 401 like any malformed one, not anonymous', async () => {
    for (const header of ['', ' ']) {
      const res = await postGraphql(app, { query: '{ figures(first: 1) { nodes { value } } }' }, { authorization: header });
      expect(res.status).toBe(401);
      expect(res.json.data).toBeUndefined();
      expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a revoked key and an unknown key get the same answer (no key-existence oracle)', async () => {
    const answer = async (key: string) => {
      const res = await postGraphql(app, { query: '{ figures(first: 1) { nodes { value } } }' }, { authorization: `Bearer ${key}` });
      return { status: res.status, errors: res.json.errors.map((e: { message: string; extensions: { code: string } }) => ({ message: e.message, code: e.extensions.code })) };
    };
    const revoked = await answer(keys.revoked!);
    expect(revoked.status).toBe(401);
    expect(revoked.errors).toHaveLength(1);
    expect(revoked.errors[0].code).toBe('UNAUTHENTICATED');
    expect(await answer(keys.bad!)).toEqual(revoked);
    expect(await answer(`rol_${'y'.repeat(43)}`)).toEqual(revoked);
  });
});

describe('anonymous access can be switched off', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ http: true, env: { ANONYMOUS_ACCESS: 'none' } });
  });
  afterAll(() => closed.close());

  it('a request without a key is 401', async () => {
    const res = await postGraphql(closed, { query: '{ figures(first: 1) { nodes { value } } }' });
    expect(res.status).toBe(401);
    expect(res.json.errors[0]).toMatchObject({ message: 'An API key is required (Authorization: Bearer <key>).', extensions: { code: 'UNAUTHENTICATED' } });
  });
});
