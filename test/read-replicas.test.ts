/**
 * Issue 18 (point 3): queries read from a streaming replica, writes go to the primary, and a
 * writer reads its own writes at once. Real parts only: the replica is a standby of the test
 * PostgreSQL made by the test itself (test/helpers/replica.ts), and the server is `npm start`
 * with WORKERS=2 and DATABASE_READ_URLS pointing at it.
 *
 * How we know which database answered: a row changed on the primary while the replica's replay
 * is paused (pg_wal_replay_pause) is invisible to a read the replica serves, and visible to one
 * the primary serves; `x-debug-sql: 1` also reports `extensions.readFrom`.
 */
import { Client } from 'pg';
import { Db } from '../src/db/db';
import { freePort } from '../src/db/embedded-postgres';
import { initORM } from '../src/db/orm';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';
import { startMain, whenReady, type MainProcess } from './helpers/processes';
import { startReplica, type Replica } from './helpers/replica';

// A replica needs the embedded test PostgreSQL's data folder; against DATABASE_URL there is none to copy.
const describeWithReplica = process.env.TEST_EMBEDDED_DATA_DIR ? describe : describe.skip;

const MAX_LAG_MS = 3000;
let database: string;
let primary: Client;
let replica: Replica;
let server: MainProcess;
let url: string;
let adminKey: string;
let replicaName: string;
/** What `extensions.readFrom` says when the replica served a read (no host names for clients). */
const REPLICA = 'replica 1';

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
  readFrom?: string;
  readAfter: string | null;
}

async function post(query: string, opts: { variables?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-debug-sql': '1', ...opts.headers },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  const json = (await res.json()) as { data?: unknown; errors?: Answer['errors']; extensions?: { readFrom?: string } };
  return { status: res.status, data: json.data, errors: json.errors, readFrom: json.extensions?.readFrom, readAfter: res.headers.get('x-read-after-lsn') };
}

const nameEn = async (headers: Record<string, string> = {}) => {
  const a = await post('{ county(code: "410726") { nameEn } }', { headers });
  expect(a.errors).toBeUndefined();
  return { nameEn: a.data.county.nameEn as string, readFrom: a.readFrom };
};

async function replicaStates(): Promise<string[]> {
  const res = await fetch(url.replace(/graphql$/, 'readyz'));
  const json = (await res.json()) as { status: string; replicas: { state: string }[] };
  expect(json.status).toBe('ready');
  return json.replicas.map((r) => r.state);
}

async function waitFor<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Replay resumed and the replica has caught up: the next anonymous read is served by it. */
async function caughtUp(): Promise<void> {
  await replica.resume();
  await waitFor('the replica to serve reads again', () => nameEn(), (v) => v.readFrom === REPLICA);
}

beforeAll(async () => {
  database = await createDatabase();
  primary = new Client({ connectionString: serverUrl(database) });
  await primary.connect();
  const orm = await initORM({ url: serverUrl(database), poolSize: 1 });
  adminKey = (await createKey(new Db(orm), Role.ADMIN, null, 'replica test writer').finally(() => orm.close(true))).secret;
  replica = await startReplica({ url: serverUrl(process.env.TEST_ADMIN_DB!), dataDir: process.env.TEST_EMBEDDED_DATA_DIR! });
  const replicaUrl = new URL(replica.urlFor(database));
  replicaName = `${replicaUrl.hostname}:${replicaUrl.port}/${database}`;
  server = startMain({
    DATABASE_URL: serverUrl(database), DATABASE_READ_URLS: replica.urlFor(database), MAX_REPLICA_LAG_MS: String(MAX_LAG_MS),
    WORKERS: '2', PORT: String(await freePort()), RATE_LIMIT_PER_MINUTE: '100000',
  });
  url = (await whenReady(server)).replace('localhost', '127.0.0.1');
}, 180_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await primary?.end();
  await replica?.remove();
  if (database) await dropDatabase(database);
}, 60_000);

describeWithReplica('read replicas (DATABASE_READ_URLS)', () => {
  it('the start-up log and /readyz name the replica', async () => {
    expect(server.output()).toContain('read replicas: queries read from them, writes go to the primary');
    expect(server.output()).toContain(replicaName);
    // The replica replays the whole test cluster's WAL, other test files' imports included: under load it
    // may lag past MAX_REPLICA_LAG_MS for a moment, so wait for it to be in step.
    const ready = await waitFor('the replica to be in step', async () => (await fetch(url.replace(/graphql$/, 'readyz'))).json() as Promise<any>,
      (r) => r.replicas?.[0]?.state === 'ok');
    expect(ready).toMatchObject({ status: 'ready', replicas: [{ name: replicaName, state: 'ok', lagMs: expect.any(Number) }] });
  });

  it('queries are served by the replica; a row changed on the primary by plain SQL while replay is paused is read from the primary once heard, then from the replica once replayed', async () => {
    const before = await waitFor('a read served by the replica', () => nameEn(), (v) => v.readFrom === REPLICA);
    expect(before).toEqual({ nameEn: 'Yanjin County', readFrom: REPLICA });
    await replica.pause();
    try {
      await primary.query(`UPDATE county SET name_en = 'Yanjin County (changed behind the API)' WHERE code = '410726'`);
      // The change is announced (NOTIFY from the table's trigger): once a worker hears it, it reads
      // nothing older, so the paused replica is passed over though it lags less than MAX_REPLICA_LAG_MS.
      const changed = { nameEn: 'Yanjin County (changed behind the API)', readFrom: 'primary' };
      // Six reads in a row (either worker may answer), all of the change, from the primary.
      const reads = await waitFor('both workers to hear the change', async () => { const r = []; for (let i = 0; i < 6; i++) r.push(await nameEn()); return r; },
        (rs) => rs.every((v) => v.nameEn === changed.nameEn));
      for (const v of reads) expect(v).toEqual(changed);
    } finally {
      await replica.resume();
    }
    await waitFor('the change to be replayed', () => nameEn(), (v) => v.nameEn === 'Yanjin County (changed behind the API)' && v.readFrom === REPLICA);
    await primary.query(`UPDATE county SET name_en = 'Yanjin County' WHERE code = '410726'`);
    await waitFor('the change back to be replayed', () => nameEn(), (v) => v.nameEn === 'Yanjin County');
  });

  it('a writer reads its own write at once, with x-read-after-lsn, while replay is paused; then reads the replica again once it has replayed', async () => {
    await caughtUp();
    const figures = '{ figures(filter: { countyCode: { eq: "410726" }, year: { eq: 2021 } }) { totalCount nodes { value quote } } }';
    expect((await post(figures)).data.figures.totalCount).toBe(0);
    await replica.pause();
    let token: string;
    try {
      const report = { format: 'rule-of-law-report/v1', report: { areaCode: '410726', year: 2021, title: 'replica fixture', coverage: 'TEST FIXTURE' },
        figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 900, unit: '件', quote: '全年办理行政处罚案件900件' }] };
      const imported = await post('mutation ($r: JSONObject!) { importReport(report: $r) { status } }',
        { variables: { r: report }, headers: { authorization: `Bearer ${adminKey}` } });
      expect(imported.errors).toBeUndefined();
      expect(imported.readFrom).toBe('primary');
      token = imported.readAfter!;
      expect(token).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

      // The writer (it sends the token back; either worker may answer) sees its figure at once, from the primary.
      for (let i = 0; i < 4; i++) {
        const mine = await post(figures, { headers: { authorization: `Bearer ${adminKey}`, 'x-read-after-lsn': token } });
        expect(mine.data.figures).toEqual({ totalCount: 1, nodes: [{ value: 900, quote: '全年办理行政处罚案件900件' }] });
        expect(mine.readFrom).toBe('primary');
      }
      // The replica really has not replayed it.
      const direct = new Client({ connectionString: replica.urlFor(database) });
      await direct.connect();
      const onReplica = await direct.query(`SELECT count(*)::int AS n FROM report WHERE year = 2021`).finally(() => direct.end());
      expect(onReplica.rows[0].n).toBe(0);
    } finally {
      await replica.resume();
    }
    // Once replayed, the same token is served by the replica.
    const later = await waitFor('the replica to pass the token', () => post(figures, { headers: { 'x-read-after-lsn': token } }), (a) => a.readFrom === REPLICA);
    expect(later.data.figures.totalCount).toBe(1);
  });

  it('a malformed x-read-after-lsn is a 400 BAD_REQUEST', async () => {
    const a = await post('{ county(code: "410726") { name } }', { headers: { 'x-read-after-lsn': 'yesterday' } });
    expect(a.status).toBe(400);
    expect(a.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it(`a replica paused longer than MAX_REPLICA_LAG_MS (${MAX_LAG_MS} ms) is skipped: reads go to the primary, without errors`, async () => {
    await caughtUp();
    await replica.pause();
    try {
      await primary.query(`UPDATE county SET name_en = 'Yanjin County (lag test)' WHERE code = '410726'`);
      // Every answer meanwhile is a good one (nameEn checks there are no errors), whichever database serves it.
      const states = await waitFor('the replica to be reported lagging', async () => {
        await nameEn();
        return replicaStates();
      }, (s) => s[0] === 'lagging');
      expect(states).toEqual(['lagging']);
      // Each worker checks on its own, every 500 ms: past two checks both skip it, and every read comes from the primary, up to date.
      await new Promise((r) => setTimeout(r, 1000));
      for (let i = 0; i < 6; i++) expect(await nameEn()).toEqual({ nameEn: 'Yanjin County (lag test)', readFrom: 'primary' });
    } finally {
      await replica.resume();
    }
    await waitFor('the replica to be used again', () => nameEn(), (v) => v.readFrom === REPLICA && v.nameEn === 'Yanjin County (lag test)');
  });

  it('a stopped replica is skipped without errors reaching the client, and used again once it is back', async () => {
    await caughtUp();
    await replica.halt();
    try {
      // From the moment it stops: requests keep being answered, first by the replica's pool failing over, then by the primary.
      const started = Date.now();
      let n = 0;
      while (Date.now() - started < 3000) {
        const a = await post('{ county(code: "410726") { name townships(first: 2) { totalCount nodes { code } } } }');
        expect(a).toMatchObject({ status: 200, errors: undefined });
        expect(a.data.county.townships.totalCount).toBe(13);
        n++;
      }
      expect(n).toBeGreaterThan(5);
      expect(await replicaStates()).toEqual(['down']);
      expect(await nameEn()).toMatchObject({ readFrom: 'primary' });
    } finally {
      await replica.start();
    }
    await waitFor('the replica to be used again', () => nameEn(), (v) => v.readFrom === REPLICA);
    expect(server.output()).toMatch(/read replica skipped/);
  });
});
