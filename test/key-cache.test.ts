/**
 * API keys each process has looked up are kept (src/modules/auth/key-cache.ts) while no statement
 * on `api_key` has been heard. The real server over HTTP: a known key sends one statement fewer
 * (`x-debug-sql`), and a key revoked or deleted behind the server's back by hand-written SQL is
 * refused once PostgreSQL's notification arrives, also when the server was not listening at the time.
 */
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';
import { listening } from './helpers/listening';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: true });
});
afterAll(() => app.close());

const QUERY = '{ enforcementCases(first: 2, orderBy: [{ field: ID, direction: ASC }]) { nodes { id } } }';

async function asKey(secret: string): Promise<{ status: number; code?: string; data?: unknown; statements?: number }> {
  const { status, json } = await postGraphql(app, { query: QUERY }, { 'x-debug-sql': '1', authorization: `Bearer ${secret}` });
  return { status, code: json.errors?.[0]?.extensions?.code, data: json.data, statements: json.extensions?.sqlStatements };
}

/** Asks until the key is refused, at most 5 s; then the attempts it took. */
async function refusedWithin(secret: string): Promise<number> {
  for (let i = 1; i <= 50; i++) {
    const answer = await asKey(secret);
    if (answer.status === 401) {
      expect(answer.code).toBe('UNAUTHENTICATED');
      return i;
    }
    expect(answer.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the key was still accepted after 5 s');
}

describe('API keys looked up once per process', () => {
  beforeAll(() => listening(app));

  it('a known key costs no statement: the second request sends one fewer, with the same answer', async () => {
    const key = await createKey(app.db, Role.ANALYST, null, 'key cache: known');
    const first = await asKey(key.secret);
    let second = await asKey(key.secret);
    // The key's own creation is announced on the data-changes channel; heard after the first lookup
    // (a loaded machine), it drops what that lookup kept, once: the next lookup is kept.
    for (let i = 0; i < 20 && second.statements !== first.statements! - 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await asKey(key.secret);
    }
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(second.statements).toBe(first.statements! - 1);
  });

  it('a key revoked by hand-written SQL is refused once the change is heard, and from then on', async () => {
    const key = await createKey(app.db, Role.ANALYST, null, 'key cache: revoked by SQL');
    expect((await asKey(key.secret)).status).toBe(200);
    expect((await asKey(key.secret)).status).toBe(200); // now kept
    await app.sql('UPDATE api_key SET revoked_at = now() WHERE id = $1', [key.id]);
    await refusedWithin(key.secret);
    for (let i = 0; i < 3; i++) expect((await asKey(key.secret)).status).toBe(401);
  });

  it('a key deleted by hand-written SQL is refused too; other kept keys are looked up again and still work', async () => {
    const gone = await createKey(app.db, Role.ANALYST, null, 'key cache: deleted');
    const other = await createKey(app.db, Role.ANALYST, null, 'key cache: other');
    await asKey(gone.secret);
    await asKey(other.secret);
    await app.sql('DELETE FROM api_key WHERE id = $1', [gone.id]);
    await refusedWithin(gone.secret);
    const again = await asKey(other.secret);
    expect(again.status).toBe(200);
  });

  it('a key revoked while the server was not listening is refused: nothing kept is trusted while deaf, nor after reconnecting', async () => {
    const key = await createKey(app.db, Role.ANALYST, null, 'key cache: revoked while deaf');
    await asKey(key.secret);
    expect((await asKey(key.secret)).status).toBe(200);
    // Cut the listener, revoke at once (its notification goes to nobody), then ask.
    await app.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rule-of-law-graph data changes'`);
    await app.sql('UPDATE api_key SET revoked_at = now() WHERE id = $1', [key.id]);
    expect(await refusedWithin(key.secret)).toBe(1);
    await listening(app);
    expect((await asKey(key.secret)).status).toBe(401);
  });

  it('api_key announces its changes on the data-changes channel (statement triggers for writes and TRUNCATE)', async () => {
    const triggers = await app.sql<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'api_key'::regclass AND NOT tgisinternal ORDER BY tgname`);
    expect(triggers.map((t) => t.tgname)).toEqual(['rolg_api_key_changed', 'rolg_api_key_truncated']);
  });
});
