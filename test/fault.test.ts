/**
 * Faults: PostgreSQL stops while the server is under load. Requests fail fast with a coded
 * error, /readyz turns 503, the process stays up, and when PostgreSQL is back the server
 * serves again without a restart. Uses its own embedded PostgreSQL, which it stops and starts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres';
import { Db } from '../src/db/db';
import { initORM, migrate } from '../src/db/orm';
import { reusingPlan, sql } from '../src/db/sql';
import { createLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { runSeeds } from '../seeds/seed';

let pg: EmbeddedPostgres;
let orm: MikroORM;
let server: RunningServer;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rolg-fault-'));
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'fault', throwaway: true });
  orm = await initORM({ url: pg.url, poolSize: 4 });
  await migrate(orm);
  await runSeeds(orm);
  // No answer cache: every request here must reach the database, whose failures are the subject.
  server = await startServer({ orm, config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', ANSWER_CACHE_ENTRIES: '0' }), logger: createLogger('silent') }, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await orm?.close(true);
  await pg?.stop();
});

interface Outcome { ok: boolean; code?: string; status: number; ms: number }

async function ask(): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ county(code: "410726") { name townships(first: 3) { nodes { name } } } }' }) });
    const json = (await res.json()) as { data?: { county?: { name: string } }; errors?: { extensions: { code: string } }[] };
    return { ok: json.data?.county?.name === '延津县', code: json.errors?.[0]?.extensions.code, status: res.status, ms: Date.now() - started };
  } catch {
    return { ok: false, code: 'NO_RESPONSE', status: 0, ms: Date.now() - started };
  }
}

async function readyz(): Promise<number> {
  return (await fetch(server.url.replace(/graphql$/, 'readyz'))).status;
}

describe('PostgreSQL stops under load', () => {
  it('fails fast with a coded error, reports not ready, and recovers by itself', async () => {
    let phase: 'before' | 'down' | 'after' = 'before';
    let running = true;
    const outcomes: Record<string, Outcome[]> = { before: [], down: [], after: [] };
    const worker = async () => {
      while (running) {
        const p = phase;
        const o = await ask();
        if (p === phase) outcomes[p].push(o);
      }
    };
    const workers = Array.from({ length: 8 }, worker);

    await new Promise((r) => setTimeout(r, 800));
    expect(await readyz()).toBe(200);
    phase = 'down';
    await pg.halt();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await readyz()).toBe(503);
    expect((await fetch(server.url.replace(/graphql$/, 'healthz'))).status).toBe(200);

    await pg.restart();
    // The pool reconnects on its own; give it a moment, then measure.
    for (let i = 0; i < 50 && (await readyz()) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    phase = 'after';
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await Promise.all(workers);

    expect(outcomes.before.length).toBeGreaterThan(10);
    expect(outcomes.before.every((o) => o.ok)).toBe(true);
    // While down: answers, coded, quick (no hanging until a timeout), never a 500.
    expect(outcomes.down.length).toBeGreaterThan(10);
    const down = outcomes.down.filter((o) => !o.ok);
    expect(down.length).toBeGreaterThan(0);
    expect(new Set(down.map((o) => o.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    expect(down.every((o) => o.status === 200 && o.ms < 2000)).toBe(true);
    // Back: every request succeeds again, same process.
    expect(outcomes.after.length).toBeGreaterThan(10);
    expect(outcomes.after.every((o) => o.ok)).toBe(true);
    expect(await readyz()).toBe(200);
  });
});

describe('a postmaster that stops accepting connections (issue 12.14)', () => {
  it('makes /readyz 503 although sessions already open still answer; it is 200 again when the postmaster resumes', async () => {
    const pid = Number((await readFile(path.join(pg.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(pid).toBeGreaterThan(0);
    expect(await readyz()).toBe(200);
    process.kill(pid, 'SIGSTOP');
    const statuses: number[] = [];
    try {
      // Only new connections hang: a pooled session still answers.
      expect((await ask()).ok).toBe(true);
      // Readiness tries a new connection in the background (10 s timeout) and reports when it fails.
      for (let i = 0; i < 40 && statuses.at(-1) !== 503; i++) {
        statuses.push(await readyz());
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(statuses.at(-1)).toBe(503);
    for (let i = 0; i < 50 && (await readyz()) !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await readyz()).toBe(200);
  });
});

describe('a database that stops answering (issue 12.14)', () => {
  it('is SERVICE_UNAVAILABLE (stalled) once the statement timeout and a margin have passed, not QUERY_TOO_COMPLEX; the server recovers without a restart', async () => {
    // A server of its own with a short statement timeout and one connection in each of its two pools
    // (the second: statements that reuse their plan, src/db/prepared-statements.ts), whose backends the test freezes;
    // no answer cache, which would answer the anonymous county page again without the database; the
    // county row itself is kept by the process (county-cache.ts), so the page asks for its agencies too.
    const small = await initORM({ url: pg.url, poolSize: 1, statementTimeoutMs: 1000 });
    const hurried = await startServer({ orm: small, config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', STATEMENT_TIMEOUT_MS: '1000', ANSWER_CACHE_ENTRIES: '0' }), logger: createLogger('silent') }, 0, '127.0.0.1');
    const post = async () => (await fetch(hurried.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ county(code: "410726") { name agencies(first: 1) { totalCount } } }' }) })).json() as Promise<{ data?: { county?: { name: string } } | null; errors?: { extensions: Record<string, unknown> }[] }>;
    try {
      const [{ pid }] = await small.em.fork().getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid');
      const [{ pid: reusingPid }] = await new Db(small).query<{ pid: number }>(reusingPlan(sql`SELECT pg_backend_pid() AS pid`));
      expect(reusingPid).not.toBe(pid);
      expect((await post()).data?.county?.name).toBe('延津县');
      for (const frozen of [pid, reusingPid]) process.kill(frozen, 'SIGSTOP');
      let stalled;
      const started = Date.now();
      try {
        stalled = await post();
      } finally {
        for (const frozen of [pid, reusingPid]) process.kill(frozen, 'SIGCONT');
      }
      expect(stalled.errors?.map((e) => [e.extensions.code, e.extensions.reason])).toEqual([['SERVICE_UNAVAILABLE', 'stalled']]);
      expect(Date.now() - started).toBeLessThan(10_000);
      // The frozen connection was dropped; a new one answers.
      expect((await post()).data?.county?.name).toBe('延津县');
    } finally {
      await hurried.close();
      await small.close(true);
    }
  });
});
