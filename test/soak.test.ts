/**
 * Issue 12's soak test: 64 concurrent clients, each with its own analyst key, send the heaviest
 * legal request of each kind (a six-dimension aggregate with 29 percentiles and previous year, a
 * nested list at its page limits, a province comparison, a reconciliation, graphql-js's
 * introspection query) for a bounded time over loopback to the real server, started as its own
 * process with default limits (as `npm start` runs it). Meanwhile /readyz stays 200 and a cheap
 * anonymous query is answered every time; heavy requests are answered or refused with a coded,
 * retryable error, never an internal one. The server's peak RSS (VmHWM) is reported.
 */
import { readFile } from 'node:fs/promises';
import { getIntrospectionQuery } from 'graphql';
import { freePort } from '../src/db/embedded-postgres';
import { Db } from '../src/db/db';
import { initORM } from '../src/db/orm';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';
import { startMain, whenReady, type MainProcess } from './helpers/processes';

const PERCENTILES = Array.from({ length: 29 }, (_, i) => `p${i + 1}: percentile(p: ${((i + 1) / 30).toFixed(3)}) { fineAmount }`).join(' ');
const HEAVIEST = [
  `{ enforcementCaseStats(groupBy: [COUNTY, AGENCY, TOWNSHIP, YEAR, MONTH, ACTION_TYPE], first: 100) {
     nodes { county { code } agency { code } township { code } year month actionType count ${PERCENTILES} previousYear { count } } } }`,
  '{ county(code: "410726") { agencies(first: 40) { nodes { code enforcementCases(first: 20) { nodes { caseNumber decidedOn township { code name } agency { code } } } } } } }',
  '{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2019, 2020, 2021, 2022, 2023]) { rows { county { code } cells { year value rank computed servedFrom } } } }',
  '{ reconciliation(county: "410726", year: 2023) { indicator { code } reported computed status servedFrom } }',
  getIntrospectionQuery(),
];
/** A cheap anonymous query; the alias makes each probe a new operation, so the answer cache cannot serve it without the database. */
const CHEAP = (n: number) => `{ county(code: "410726") { name } probe${n}: __typename }`;
const CLIENTS = 64;
const SECONDS = 8;

let database: string;
let server: MainProcess;
let url: string;
const keys: string[] = [];

beforeAll(async () => {
  database = await createDatabase();
  const orm = await initORM({ url: serverUrl(database), poolSize: 1 });
  try {
    const db = new Db(orm);
    for (let i = 0; i < CLIENTS; i++) keys.push((await createKey(db, Role.ANALYST, null, `soak ${i}`)).secret);
  } finally {
    await orm.close(true);
  }
  server = startMain({ DATABASE_URL: serverUrl(database), PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  url = (await whenReady(server)).replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  if (database) await dropDatabase(database);
});

async function post(query: string, key?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, json: await res.json() };
}

/** Peak resident set size of the server process so far, in MB (Linux: /proc/<pid>/status VmHWM). */
async function serverPeakRssMb(): Promise<number> {
  const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

it(`${CLIENTS} clients sending the heaviest legal requests for ${SECONDS} s: /readyz stays 200, cheap queries are answered, nothing is an internal error`, async () => {
  const rssBefore = await serverPeakRssMb();
  const until = Date.now() + SECONDS * 1000;
  const outcomes: { kind: number; status: number; code?: string }[] = [];
  const probes: { readyz: number; reason?: string; cheap: number; name?: string; code?: string; ms: number }[] = [];
  let clientsDone = false;

  const client = async (i: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const kind = (i + n) % HEAVIEST.length;
      const res = await post(HEAVIEST[kind], keys[i]);
      outcomes.push({ kind, status: res.status, code: res.json.errors?.[0]?.extensions?.code });
    }
  };
  // Probes run as long as the clients do (at least three), so a slow machine cannot starve the check.
  const monitor = async () => {
    while (!clientsDone || probes.length < 3) {
      const started = Date.now();
      const ready = await fetch(url.replace(/graphql$/, 'readyz'));
      const reason = ready.status === 200 ? undefined : ((await ready.json()) as { reason?: string }).reason;
      if (ready.status === 200) await ready.arrayBuffer();
      const cheap = await post(CHEAP(probes.length));
      probes.push({ readyz: ready.status, reason, cheap: cheap.status, name: cheap.json.data?.county?.name, code: cheap.json.errors?.[0]?.extensions?.code, ms: Date.now() - started });
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const clients = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i))).finally(() => { clientsDone = true; });
  await Promise.all([clients, monitor()]);

  const byKind = HEAVIEST.map((_, kind) => {
    const mine = outcomes.filter((o) => o.kind === kind);
    return { kind, answered: mine.filter((o) => o.status === 200 && !o.code).length, refused: mine.filter((o) => o.code).length };
  });
  const peak = await serverPeakRssMb();
  console.log(`soak: ${outcomes.length} heavy requests by ${CLIENTS} clients in ${SECONDS} s, ${probes.length} probes (slowest /readyz + cheap query: ${Math.max(...probes.map((p) => p.ms))} ms); per kind ${JSON.stringify(byKind)}; `
    + `refusal codes ${JSON.stringify([...new Set(outcomes.map((o) => o.code).filter(Boolean))])}; server peak RSS ${peak} MB (${rssBefore} MB before the clients started)`);

  expect(probes.filter((p) => !(p.readyz === 200 && p.cheap === 200 && p.name === '延津县'))).toEqual([]);
  // Heavy requests are answered, or refused with a coded, retryable error: never INTERNAL_SERVER_ERROR.
  expect(outcomes.filter((o) => o.code && !['RATE_LIMITED', 'SERVICE_UNAVAILABLE'].includes(o.code))).toEqual([]);
  expect(outcomes.filter((o) => o.status >= 500 && o.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
  // Every kind got through at least once.
  expect(byKind.filter((k) => k.answered === 0)).toEqual([]);
  // The server still answers normally afterwards.
  expect((await post(CHEAP(probes.length))).json.data.county.name).toBe('延津县');
});
