/**
 * Issue 18 (points 1 and 2): several server processes on one database share one rate limit,
 * counted in PostgreSQL. One pair serves every case, to keep the suite fast:
 * - `cluster`: `npm start` with WORKERS=2 (two worker processes on one port), RATE_LIMIT_STORE_FAILURE=open;
 * - `single`: a plain `npm start` on another port, RATE_LIMIT_STORE_FAILURE=closed.
 * Both on one test database, with a limit of 5 requests a minute.
 * And cache coordination: an import through one process drops the anonymous answer the other cached.
 */
import { Client } from 'pg';
import { Db } from '../src/db/db';
import { freePort } from '../src/db/embedded-postgres';
import { initORM } from '../src/db/orm';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';
import { startMain, whenReady, type MainProcess } from './helpers/processes';

let database: string;
let sql: Client;
let cluster: MainProcess;
let single: MainProcess;
const urls: Record<'cluster' | 'single', string> = { cluster: '', single: '' };

async function ask(which: 'cluster' | 'single'): Promise<{ status: number; code?: string; retryAfter: string | null }> {
  const res = await fetch(urls[which].replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ county(code: "410726") { name } }' }),
  });
  const json = (await res.json()) as { data?: { county: { name: string } }; errors?: { extensions?: { code?: string } }[] };
  if (res.status === 200) expect(json.data?.county.name).toBe('延津县');
  return { status: res.status, code: json.errors?.[0]?.extensions?.code, retryAfter: res.headers.get('retry-after') };
}

/** Start the next case with no counts, and past the store's pause after a failure (2 s). */
async function freshCounts(): Promise<void> {
  await sql.query('DELETE FROM rate_limit_window');
  await new Promise((r) => setTimeout(r, 2100));
}

/** The pids of the workers that reported ready, from the primary's log. */
function workerPids(p: MainProcess): number[] {
  return p.output().split('\n').filter((l) => l.includes('"msg":"worker ready"')).map((l) => JSON.parse(l).pid as number);
}

beforeAll(async () => {
  database = await createDatabase();
  sql = new Client({ connectionString: serverUrl(database) });
  await sql.connect();
  const env = { DATABASE_URL: serverUrl(database), RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_STORE_TIMEOUT_MS: '300' };
  const [clusterPort, singlePort] = [await freePort(), await freePort()];
  cluster = startMain({ ...env, PORT: String(clusterPort), WORKERS: '2', RATE_LIMIT_STORE_FAILURE: 'open' });
  single = startMain({ ...env, PORT: String(singlePort), RATE_LIMIT_STORE_FAILURE: 'closed' });
  [urls.cluster, urls.single] = await Promise.all([whenReady(cluster), whenReady(single)]);
}, 180_000);

afterAll(async () => {
  for (const p of [cluster, single]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
  await sql?.end();
  if (database) await dropDatabase(database);
});

describe('several server processes on one database', () => {
  it('WORKERS=2 runs two worker processes on one port, besides the primary', async () => {
    // The port answers as soon as one worker listens; the other may still be starting.
    for (let waited = 0; workerPids(cluster).length < 2 && waited < 60_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    const pids = workerPids(cluster);
    expect(pids).toHaveLength(2);
    expect(new Set([...pids, cluster.child.pid]).size).toBe(3);
  });

  it('share one rate limit: requests spread over every process, the sixth of 5 a minute is 429 RATE_LIMITED wherever it lands', async () => {
    await freshCounts();
    const spread = ['cluster', 'single', 'cluster', 'single', 'cluster', 'cluster', 'single'] as const;
    const answers = [];
    for (const which of spread) answers.push(await ask(which));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(answers.slice(5).map((a) => a.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    for (const a of answers.slice(5)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    // One row, one count, for the anonymous caller's address, whichever process served it.
    expect((await sql.query('SELECT caller, hits FROM rate_limit_window')).rows).toEqual([{ caller: 'address:127.0.0.1', hits: 7 }]);
  });

  it('the store slow (its table locked): the open process answers, the closed one refuses with 503 SERVICE_UNAVAILABLE; never a 500', async () => {
    await freshCounts();
    const locker = new Client({ connectionString: serverUrl(database) });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE rate_limit_window IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const [open, closed] = await Promise.all([ask('cluster'), ask('single')]);
      expect(open).toMatchObject({ status: 200 });
      expect(closed).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(Number(closed.retryAfter)).toBeGreaterThan(0);
      // Within the store's timeout (300 ms) plus the query, not the statement timeout.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('the store failing (its table gone): open answers, closed refuses; both serve again once it is back', async () => {
    await freshCounts();
    await sql.query('ALTER TABLE rate_limit_window RENAME TO rate_limit_window_away');
    try {
      expect(await ask('cluster')).toMatchObject({ status: 200 });
      expect(await ask('single')).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await sql.query('ALTER TABLE rate_limit_window_away RENAME TO rate_limit_window');
    }
    await freshCounts();
    expect((await ask('single')).status).toBe(200);
    expect((await ask('cluster')).status).toBe(200);
  });

  it('a worker that dies is replaced, and the port keeps serving meanwhile', async () => {
    await freshCounts();
    const [victim] = workerPids(cluster);
    process.kill(victim, 'SIGKILL');
    await waitFor(() => workerPids(cluster).length === 3 && /worker exited: starting another/.test(cluster.output()));
    expect((await ask('cluster')).status).toBe(200);
  });

  it('an import through one process drops the answer another process cached', async () => {
    await freshCounts();
    const comparison = { query: '{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2022], counties: ["410726"]) { rows { cells { status value } } } }' };
    const anonymous = async () => {
      const json = await post(urls.single, comparison, { 'x-debug-sql': '1' });
      if (!json.data) throw new Error(JSON.stringify(json));
      return { cell: json.data.comparison.rows[0].cells[0], statements: json.extensions.sqlStatements as number };
    };
    const first = await anonymous();
    expect(first.cell).toEqual({ status: 'NOT_PUBLISHED', value: null });
    expect(first.statements).toBeGreaterThan(0);
    // Asked again: served from this process's cache, no SQL at all.
    expect(await anonymous()).toEqual({ cell: first.cell, statements: 0 });

    const orm = await initORM({ url: serverUrl(database), poolSize: 1 });
    const admin = await createKey(new Db(orm), Role.ADMIN, null, 'importer').finally(() => orm.close(true));
    const report = { format: 'rule-of-law-report/v1', report: { areaCode: '410726', year: 2022, title: 'cache fixture', coverage: 'TEST FIXTURE' },
      figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 1000, unit: '件', quote: '全年办理行政处罚案件1000件' }] };
    const imported = await post(urls.cluster, { query: 'mutation ($r: JSONObject!) { importReport(report: $r) { status } }', variables: { r: report } },
      { authorization: `Bearer ${admin.secret}` });
    expect(imported.errors).toBeUndefined();

    // The other process hears of the commit (NOTIFY) and computes the answer again.
    let after = await anonymous();
    for (let i = 0; i < 20 && after.statements === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await sql.query('DELETE FROM rate_limit_window');
      after = await anonymous();
    }
    expect(after.cell).toEqual({ status: 'PUBLISHED', value: 1000 });
    expect(after.statements).toBeGreaterThan(0);
    expect(await anonymous()).toEqual({ cell: after.cell, statements: 0 });
  });

  it('SIGTERM stops the workers and the primary cleanly', async () => {
    const before = cluster.output().length;
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    const out = cluster.output().slice(before);
    // Each worker drained and said so, then the primary; none was restarted on the way out.
    expect(out.match(/"msg":"stopped cleanly"/g)?.length).toBe(3);
    expect(out.trim().split('\n').pop()).toContain('"msg":"stopped cleanly"');
    expect(out).not.toContain('starting another');
    expect((await ask('single')).status).toBe(200);
  });
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url.replace('localhost', '127.0.0.1'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return res.json();
}

async function waitFor(ok: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
