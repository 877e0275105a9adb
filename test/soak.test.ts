/**
 * Issue 12's soak test: 64 concurrent clients, each with its own key, send the heaviest legal
 * request of each kind (a six-dimension aggregate with 29 percentiles and previous year, a
 * nested list at its page limits, a province comparison, a reconciliation, graphql-js's
 * introspection query) for a bounded time over loopback. Meanwhile /readyz stays 200 and a
 * cheap query is answered every time; heavy requests are answered or refused with a coded
 * error, never an internal one. Peak RSS is reported.
 */
import { getIntrospectionQuery } from 'graphql';
import { Db } from '../src/db/db';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

const PERCENTILES = Array.from({ length: 29 }, (_, i) => `p${i + 1}: percentile(p: ${((i + 1) / 30).toFixed(3)}) { fineAmount }`).join(' ');
const HEAVIEST = [
  `{ enforcementCaseStats(groupBy: [COUNTY, AGENCY, TOWNSHIP, YEAR, MONTH, ACTION_TYPE], first: 100) {
     nodes { county { code } agency { code } township { code } year month actionType count ${PERCENTILES} previousYear { count } } } }`,
  '{ county(code: "410726") { agencies(first: 40) { nodes { code enforcementCases(first: 20) { nodes { caseNumber decidedOn township { code name } agency { code } } } } } } }',
  '{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2019, 2020, 2021, 2022, 2023]) { rows { county { code } cells { year value rank computed servedFrom } } } }',
  '{ reconciliation(county: "410726", year: 2023) { indicator { code } reported computed status servedFrom } }',
  getIntrospectionQuery(),
];
const CHEAP = '{ county(code: "410726") { name } }';
const CLIENTS = 64;
const SECONDS = 8;

let app: TestApp;
const keys: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000', STATEMENT_TIMEOUT_MS: '60000', EXECUTION_TIMEOUT_MS: '120000' } });
  const db = new Db(app.orm);
  for (let i = 0; i < CLIENTS; i++) keys.push((await createKey(db, Role.ANALYST, null, `soak ${i}`)).secret);
});
afterAll(() => app.close());

it(`${CLIENTS} clients sending the heaviest legal requests for ${SECONDS} s: /readyz stays 200, cheap queries are answered, nothing is an internal error`, async () => {
  const until = Date.now() + SECONDS * 1000;
  const outcomes: { kind: number; status: number; code?: string }[] = [];
  const probes: { readyz: number; cheap: number; name?: string; ms: number }[] = [];
  let peakRss = process.memoryUsage().rss;

  const client = async (i: number) => {
    for (let n = 0; Date.now() < until && n < 40; n++) {
      const kind = (i + n) % HEAVIEST.length;
      const res = await postGraphql(app, { query: HEAVIEST[kind] }, { authorization: `Bearer ${keys[i]}` });
      outcomes.push({ kind, status: res.status, code: res.json.errors?.[0]?.extensions?.code });
    }
  };
  let clientsDone = false;
  // Probes run as long as the clients do (and at least three times), however slow the machine.
  const monitor = async () => {
    while (!clientsDone || probes.length < 3) {
      const started = Date.now();
      const ready = await fetch(app.http!.url.replace('localhost', '127.0.0.1').replace(/graphql$/, 'readyz'));
      const cheap = await postGraphql(app, { query: CHEAP });
      probes.push({ readyz: ready.status, cheap: cheap.status, name: cheap.json.data?.county?.name, ms: Date.now() - started });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const clients = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i))).finally(() => { clientsDone = true; });
  await Promise.all([clients, monitor()]);

  const byKind = HEAVIEST.map((_, kind) => {
    const mine = outcomes.filter((o) => o.kind === kind);
    return { kind, answered: mine.filter((o) => o.status === 200 && !o.code).length, refused: mine.filter((o) => o.code).length };
  });
  console.log(`soak: ${outcomes.length} heavy requests by ${CLIENTS} clients in ${SECONDS} s, ${probes.length} probes (slowest /readyz + cheap query: ${Math.max(...probes.map((p) => p.ms))} ms); per kind ${JSON.stringify(byKind)}; `
    + `refusal codes ${JSON.stringify([...new Set(outcomes.map((o) => o.code).filter(Boolean))])}; peak RSS ${Math.round(peakRss / 2 ** 20)} MB (test process, server included)`);

  expect(probes.length).toBeGreaterThanOrEqual(3);
  expect(probes.every((p) => p.readyz === 200 && p.cheap === 200 && p.name === '延津县')).toBe(true);
  // Heavy requests are answered, or refused with a coded, retryable error: never INTERNAL_SERVER_ERROR.
  expect(outcomes.filter((o) => o.code && !['RATE_LIMITED', 'SERVICE_UNAVAILABLE'].includes(o.code))).toEqual([]);
  expect(outcomes.every((o) => o.status < 500 || o.code === 'SERVICE_UNAVAILABLE')).toBe(true);
  // Every kind got through at least once.
  expect(byKind.every((k) => k.answered > 0)).toBe(true);
  // The server still answers normally afterwards.
  expect((await postGraphql(app, { query: CHEAP })).json.data.county.name).toBe('延津县');
});
