/**
 * County rows read by code are kept per process (src/modules/geography/county-cache.ts) while
 * their county's data version holds. The real server over HTTP, with a key (keyed callers are never
 * answered from the answer cache): a county read before costs no statement; a county renamed behind
 * the server's back by hand-written SQL is answered with its new name once the notification is
 * heard, and at once when the server was not listening at the time.
 */
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';
import { listening } from './helpers/listening';

let app: TestApp;
let secret: string;
beforeAll(async () => {
  app = await startTestApp({ http: true });
  secret = (await createKey(app.db, Role.ANALYST, null, 'county cache')).secret;
});
afterAll(() => app.close());

async function county(code: string): Promise<{ name?: string; code?: string; error?: string; statements: number }> {
  const { json } = await postGraphql(app, { query: `{ county(code: "${code}") { name townships(first: 1) { totalCount } } }` }, { 'x-debug-sql': '1', authorization: `Bearer ${secret}` });
  return { name: json.data?.county?.name, error: json.errors?.[0]?.extensions?.code, statements: json.extensions.sqlStatements };
}


/** Asks until the answer has `name`, at most 5 s; then the attempts it took. */
async function answersWithin(code: string, name: string): Promise<number> {
  for (let i = 1; i <= 50; i++) {
    if ((await county(code)).name === name) return i;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`county ${code} was not answered as ${name} within 5 s`);
}

const nameOf = async (code: string) => (await app.sql<{ name: string }>('SELECT name FROM county WHERE code = $1', [code]))[0].name;

describe('county rows kept per process', () => {
  beforeAll(() => listening(app));

  it('a county read before costs no statement: the same answer with one statement fewer', async () => {
    await county('410182'); // the key is looked up, and kept, here
    const first = await county('410726');
    const second = await county('410726');
    expect(first.name).toBe(await nameOf('410726'));
    expect(second.name).toBe(first.name);
    expect(second.statements).toBe(first.statements - 1);
  });

  it('a county renamed by hand-written SQL is answered with its new name once the change is heard; other counties stay kept', async () => {
    const before = await nameOf('410726');
    await county('410726');
    await county('410182');
    const other = (await county('410182')).statements;
    await app.sql('UPDATE county SET name = $1 WHERE code = $2', [`${before}（改）`, '410726']);
    await answersWithin('410726', `${before}（改）`);
    expect((await county('410182')).statements).toBe(other);
    await app.sql('UPDATE county SET name = $1 WHERE code = $2', [before, '410726']);
    await answersWithin('410726', before);
  });

  it('a county renamed while the server was not listening is answered with its new name at once', async () => {
    const before = await nameOf('410726');
    await county('410726');
    expect((await county('410726')).name).toBe(before);
    await app.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rule-of-law-graph data changes'`);
    await app.sql('UPDATE county SET name = $1 WHERE code = $2', [`${before}（聋）`, '410726']);
    expect(await answersWithin('410726', `${before}（聋）`)).toBe(1);
    await listening(app);
    expect((await county('410726')).name).toBe(`${before}（聋）`);
    await app.sql('UPDATE county SET name = $1 WHERE code = $2', [before, '410726']);
    await answersWithin('410726', before);
  });

  it('a code the platform does not hold is NOT_FOUND each time (misses are not kept)', async () => {
    for (let i = 0; i < 2; i++) expect(await county('419999')).toMatchObject({ error: 'NOT_FOUND' });
  });
});
