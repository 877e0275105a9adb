/**
 * Issue 12.3: heavy work per caller is bounded, so one client cannot take every pool connection.
 * Twelve concurrent anonymous aggregates (six dimensions, 29 percentiles, previousYear) are made to
 * hold their statements by a lock the test takes on the cases table; meanwhile cheap queries are
 * answered, /readyz stays 200, and the callers over their limit get RATE_LIMITED with Retry-After.
 * A pool that stays exhausted is SERVICE_UNAVAILABLE with Retry-After, never an internal error.
 * Over real HTTP on loopback, against real PostgreSQL; bounded (the lock is released at the end).
 */
import type { PoolClient } from 'pg';
import { Db } from '../src/db/db';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

const PERCENTILES = Array.from({ length: 29 }, (_, i) => `p${i + 1}: percentile(p: ${((i + 1) / 30).toFixed(3)}) { fineAmount }`).join(' ');
const HEAVY = `{ enforcementCaseStats(groupBy: [COUNTY, AGENCY, TOWNSHIP, YEAR, MONTH, ACTION_TYPE], first: 100) {
  nodes { county { code } agency { code } township { code } year month actionType count ${PERCENTILES} previousYear { count } } } }`;
/** A cheap anonymous query; each call's alias makes a new operation, which the answer cache cannot serve without the database. */
let cheapCalls = 0;
const cheap = () => `{ county(code: "410726") { name } cheap${cheapCalls++}: __typename }`;

interface Outcome { status: number; code?: string; retryAfter: string | null; groups?: number }

async function ask(app: TestApp, query: string, headers: Record<string, string> = {}): Promise<Outcome> {
  const res = await postGraphql(app, { query }, headers);
  return {
    status: res.status,
    code: res.json.errors?.[0]?.extensions?.code,
    retryAfter: res.headers.get('retry-after'),
    groups: res.json.data?.enforcementCaseStats?.nodes?.length,
  };
}

async function readyz(app: TestApp): Promise<number> {
  return (await fetch(app.http!.url.replace('localhost', '127.0.0.1').replace(/graphql$/, 'readyz'))).status;
}

/** Resolves when `n` of the promises have settled (or rejects after `ms`, so the test stays bounded). */
async function settled(promises: Promise<unknown>[], n: number, ms = 20_000): Promise<void> {
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${done} of ${n} answered`)), ms);
    for (const p of promises) {
      void p.finally(() => {
        done += 1;
        if (done === n) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

describe('heavy operations cannot exhaust the connection pool', () => {
  let app: TestApp;
  const keys: Record<string, string>[] = [];
  beforeAll(async () => {
    // The harness pool has 5 connections: heavy operations get half of it (2). Queued heavy aggregates
    // take seconds each here, so the deadlines are generous: this test is about admission, not time.
    app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000', STATEMENT_TIMEOUT_MS: '60000', EXECUTION_TIMEOUT_MS: '120000', HEAVY_QUEUE_WAIT_MS: '120000', LOCK_TIMEOUT_MS: '120000' } });
    const db = new Db(app.orm);
    for (let i = 0; i < 3; i++) keys.push({ authorization: `Bearer ${(await createKey(db, Role.ANALYST, null, `analyst ${i}`)).secret}` });
  });
  afterAll(() => app.close());

  it('12 concurrent anonymous heavy aggregates: 2 run, 10 get RATE_LIMITED at once; cheap queries and /readyz are served meanwhile', async () => {
    await app.sql('BEGIN');
    await app.sql('LOCK TABLE enforcement_case IN ACCESS EXCLUSIVE MODE');
    let locked = true;
    try {
      const anonymous = Array.from({ length: 12 }, () => ask(app, HEAVY));
      // Three analysts, three heavy operations each: per key two are admitted, one refused (keys count apart from addresses).
      const keyed = keys.flatMap((k) => Array.from({ length: 3 }, () => ask(app, HEAVY, k)));
      // The refusals come back while the admitted aggregates still wait for the lock.
      await settled(anonymous, 10);
      await settled(keyed, 3);
      const answers = await Promise.all(Array.from({ length: 6 }, () => postGraphql(app, { query: cheap() })));
      expect(answers.map((r) => [r.status, r.json.errors, r.json.data?.county?.name])).toEqual(Array(6).fill([200, undefined, '延津县']));
      expect(await readyz(app)).toBe(200);

      await app.sql('ROLLBACK');
      locked = false;
      const a = await Promise.all(anonymous);
      const k = await Promise.all(keyed);
      const refusedA = a.filter((o) => o.code === 'RATE_LIMITED');
      expect(refusedA).toHaveLength(10);
      expect(refusedA.every((o) => o.status === 429 && Number(o.retryAfter) > 0)).toBe(true);
      expect(a.filter((o) => o.status === 200 && !o.code && o.groups === 100)).toHaveLength(2);
      expect(k.filter((o) => o.code === 'RATE_LIMITED')).toHaveLength(3);
      expect(k.filter((o) => o.status === 200 && !o.code && o.groups === 100)).toHaveLength(6);
    } finally {
      if (locked) await app.sql('ROLLBACK');
    }
  });

  it('after the burst every slot is free again: the aggregate is legal, two at once from one address are answered', async () => {
    const again = await Promise.all([ask(app, HEAVY), ask(app, HEAVY)]);
    expect(again.map((o) => [o.status, o.code, o.groups])).toEqual([[200, undefined, 100], [200, undefined, 100]]);
  });
});

describe('a heavy operation that waits too long for a lane connection', () => {
  let app: TestApp;
  const keys: Record<string, string>[] = [];
  beforeAll(async () => {
    // Lane of 2 connections (half the harness pool); a statement may wait 1 s for one.
    app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000', STATEMENT_TIMEOUT_MS: '60000', EXECUTION_TIMEOUT_MS: '120000', HEAVY_QUEUE_WAIT_MS: '1000', LOCK_TIMEOUT_MS: '120000' } });
    const db = new Db(app.orm);
    for (let i = 0; i < 3; i++) keys.push({ authorization: `Bearer ${(await createKey(db, Role.ANALYST, null, `queued ${i}`)).secret}` });
  });
  afterAll(() => app.close());

  it('is SERVICE_UNAVAILABLE with Retry-After after HEAVY_QUEUE_WAIT_MS, while the two on the lane are answered once they can run', async () => {
    await app.sql('BEGIN');
    await app.sql('LOCK TABLE enforcement_case IN ACCESS EXCLUSIVE MODE');
    let locked = true;
    try {
      const all = keys.map((k) => ask(app, HEAVY, k));
      // Two hold the lane (blocked by the lock); the third is refused after waiting 1 s for it.
      const started = Date.now();
      await settled(all, 1);
      const waited = Date.now() - started;
      await app.sql('ROLLBACK');
      locked = false;
      const outcomes = await Promise.all(all);
      const refused = outcomes.filter((o) => o.code);
      expect(refused.map((o) => [o.code, o.status])).toEqual([['SERVICE_UNAVAILABLE', 200]]);
      expect(Number(refused[0].retryAfter)).toBeGreaterThan(0);
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(outcomes.filter((o) => o.status === 200 && !o.code && o.groups === 100)).toHaveLength(2);
    } finally {
      if (locked) await app.sql('ROLLBACK');
    }
  });
});

describe('an exhausted pool', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => app.close());

  it('is SERVICE_UNAVAILABLE with Retry-After (not INTERNAL_SERVER_ERROR), and /readyz stays 200', async () => {
    type Knex = { acquireConnection(): Promise<PoolClient>; releaseConnection(c: PoolClient): Promise<void> };
    const knex = (app.orm.em.getConnection().getKnex() as unknown as { client: Knex }).client;
    const pool = (app.orm.config.get('pool') as { max: number }).max;
    const held = await Promise.all(Array.from({ length: pool }, () => knex.acquireConnection()));
    try {
      const res = await postGraphql(app, { query: cheap() });
      expect(res.status).toBeLessThan(500);
      expect(res.json.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await readyz(app)).toBe(200);
    } finally {
      await Promise.all(held.map((c) => knex.releaseConnection(c)));
    }
    expect((await postGraphql(app, { query: cheap() })).json.data.county.name).toBe('延津县');
  });
});
