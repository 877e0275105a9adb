/**
 * The shared rate limit with leases (src/http/rate-limit-leases.ts): processes claim blocks of hits
 * from the caller's row instead of counting every request there. Each "process" here is the real
 * middleware with a store of its own, behind real HTTP, on one real database; the caller is named
 * by a header so each case has a count of its own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { rateLimit } from '../src/http/rate-limit';
import { largestBlock, RateLimitStore } from '../src/http/rate-limit-store';
import { createLogger } from '../src/logger';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

interface Process {
  store: RateLimitStore;
  url: string;
  server: http.Server;
}

let database: string;
let sql: Client;
const processes: Process[] = [];

async function startProcess(perMinute: number, failure: 'open' | 'closed'): Promise<Process> {
  // A generous deadline: on a busy test machine, 200 requests arriving at once can delay the first
  // claim (it also opens the connection) past 300 ms, and every request waiting on it would get 503.
  const store = new RateLimitStore(serverUrl(database), 2000);
  const app = express();
  app.use(rateLimit({ perMinute, store, failure, logger: createLogger('silent'), callerOf: (req) => `key:${req.get('x-caller')}` }));
  app.get('/', (_req, res) => void res.send('served'));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const p = { store, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  processes.push(p);
  return p;
}

async function ask(p: Process, caller: string): Promise<{ status: number; code?: string; retryAfter: number }> {
  const res = await fetch(p.url, { headers: { 'x-caller': caller } });
  const body = res.status === 200 ? undefined : ((await res.json()) as { errors: { extensions: { code: string } }[] });
  if (res.status === 200) expect(await res.text()).toBe('served');
  return { status: res.status, code: body?.errors[0].extensions.code, retryAfter: Number(res.headers.get('retry-after')) };
}

const at = (p: Process, caller: string, n: number) => Array.from({ length: n }, () => ask(p, caller));

async function hitsOf(caller: string): Promise<number> {
  const { rows } = await sql.query('SELECT hits FROM rate_limit_window WHERE caller = $1', [`key:${caller}`]);
  return rows[0].hits;
}

beforeAll(async () => {
  database = await createDatabase();
  sql = new Client({ connectionString: serverUrl(database) });
  await sql.connect();
});

afterAll(async () => {
  for (const p of processes) {
    await new Promise((r) => p.server.close(r));
    await p.store.close();
  }
  await sql?.end();
  if (database) await dropDatabase(database);
});

describe('rate limit leases', () => {
  it('1000 a minute: 200 concurrent requests of one caller cost 4 claims, not 200 upserts', async () => {
    const p = await startProcess(1000, 'closed');
    const answers = await Promise.all(at(p, 'busy', 200));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    // Blocks of what is left / 16: 62 + 58 + 55 + 51 = 226 granted, 200 served, 26 still held here.
    expect(p.store.statementsSent).toBe(4);
    expect(await hitsOf('busy')).toBe(226);
    expect(await hitsOf('busy')).toBeGreaterThanOrEqual(200);
  });

  it('two processes hammering one caller at 40 a minute let through at most 40, at least 40 minus one block of the other', async () => {
    const [a, b] = [await startProcess(40, 'closed'), await startProcess(40, 'open')];
    // Both pressing hard, then one of them seeing only a few requests (it may keep hits unused).
    for (const [caller, onA, onB] of [['even-1', 60, 60], ['even-2', 60, 60], ['even-3', 100, 100], ['lopsided', 80, 3]] as const) {
      const answers = await Promise.all([...at(a, caller, onA), ...at(b, caller, onB)]);
      const served = answers.filter((x) => x.status === 200).length;
      expect(served).toBeLessThanOrEqual(40);
      expect(served).toBeGreaterThanOrEqual(40 - largestBlock(40));
      const refused = answers.filter((x) => x.status !== 200);
      expect(new Set(refused.map((x) => `${x.status} ${x.code}`))).toEqual(new Set(['429 RATE_LIMITED']));
      for (const x of refused) expect(x.retryAfter).toBeGreaterThanOrEqual(1);
      for (const x of refused) expect(x.retryAfter).toBeLessThanOrEqual(60);
      // Every hit served was granted by the row first.
      expect(await hitsOf(caller)).toBeGreaterThanOrEqual(served);
    }
    expect(largestBlock(40)).toBe(2);
  });

  it('a window used up near its end: refused with the seconds that are left, served again in the next window', async () => {
    const p = await startProcess(40, 'closed');
    await sql.query(`INSERT INTO rate_limit_window (caller, window_start, hits) VALUES ('key:ending', now() - interval '59.2 seconds', 40)`);
    expect(await ask(p, 'ending')).toEqual({ status: 429, code: 'RATE_LIMITED', retryAfter: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await ask(p, 'ending')).status).toBe(200);
    // A fresh window, and this process's first block of it.
    expect(await hitsOf('ending')).toBe(largestBlock(40));
  });

  it('the store failing mid-lease: leased hits are still served; then open answers, closed refuses with 503, and neither asks the failing store again at once', async () => {
    const [open, closed] = [await startProcess(1000, 'open'), await startProcess(1000, 'closed')];
    for (const p of [open, closed]) expect((await ask(p, 'midway')).status).toBe(200);
    const sentBefore = [open.store.statementsSent, closed.store.statementsSent];
    await sql.query('ALTER TABLE rate_limit_window RENAME TO rate_limit_window_away');
    try {
      // Each holds what is left of its block of 62 (58 for the second claim): served without the store.
      for (const [p, held] of [[open, 61], [closed, 57]] as const) {
        const answers = await Promise.all(at(p, 'midway', held));
        expect(answers.map((x) => x.status)).toEqual(Array(held).fill(200));
      }
      expect([open.store.statementsSent, closed.store.statementsSent]).toEqual(sentBefore);
      expect((await ask(open, 'midway')).status).toBe(200);
      const refused = await ask(closed, 'midway');
      expect([refused.status, refused.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(refused.retryAfter).toBeGreaterThan(0);
      const failedOnce = [open.store.statementsSent, closed.store.statementsSent];
      expect(failedOnce).toEqual(sentBefore.map((n) => n + 1));
      // Within the pause after a failure: answered the same way without a statement.
      expect((await ask(open, 'midway')).status).toBe(200);
      expect((await ask(closed, 'midway')).status).toBe(503);
      expect([open.store.statementsSent, closed.store.statementsSent]).toEqual(failedOnce);
    } finally {
      await sql.query('ALTER TABLE rate_limit_window_away RENAME TO rate_limit_window');
    }
    await new Promise((r) => setTimeout(r, 2100));
    for (const p of [open, closed]) expect((await ask(p, 'midway')).status).toBe(200);
  });
});
