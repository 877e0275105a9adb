/**
 * npm run bench -- --scale small|province [--seconds 10] [--only W2,W3] [--workers 2] [--replica] [--server-dir DIR] [--client http|fetch]
 *
 * --workers N runs the server with WORKERS=N; --replica starts a streaming replica of the
 * benchmark database the way the tests do (test/helpers/replica.ts; embedded database only) and
 * gives it to the server as DATABASE_READ_URLS, so the API's reads go to it (the floors still
 * time the primary).
 *
 * Creates or reuses a benchmark database (embedded, or DATABASE_URL), loads the synthetic
 * province (small: 10 counties x 2 years; province: 157 x 5), starts the server in production
 * mode, runs workloads W1-W10 over HTTP at concurrency 1 and 32, times the bare-SQL floor of
 * W2-W4 the same way from this process, prints a table and saves it (with the machine, the
 * commit and the plans of W3/W4) under bench/results/.
 */
import 'reflect-metadata';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { enforcementCaseFact } from '../src/analytics/facts';
import { prepareAggregate } from '../src/analytics/engine';
import { emptyMeasures, type StatsQuery } from '../src/analytics/stats-sql';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { Db } from '../src/db/db';
import { withSetupLock } from '../src/db/setup-lock';
import { initORM, migrate } from '../src/db/orm';
import { sql } from '../src/db/sql';
import { projectRoot } from '../src/paths';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { runSeeds } from '../seeds/seed';
import { seedProvince } from '../seeds/province';
import { RECORD_TABLES } from '../seeds/synthetic/load';
import { withDeferredIndexes } from '../seeds/synthetic/indexes';
import { httpClientOption, postGraphql, runLoad, type LoadResult } from './load';
import { cpuMs, startBenchServer } from './server-process';
import { startReplica, type Replica } from '../test/helpers/replica';
import { mixed, pick, provinceStats } from './workloads';

const SCALES = { small: { counties: 10, years: [2022, 2023] }, province: { counties: 157, years: [2019, 2020, 2021, 2022, 2023] } };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Row {
  workload: string;
  target: 'api' | 'floor';
  concurrency: number;
  result: LoadResult;
  sqlStatements: number | null;
  /** The server process's CPU time (user + system) per request: steadier than latency on a shared machine. */
  serverCpuMs?: number | null;
}

function startServer(databaseUrl: string, extraEnv: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // --server-dir DIR: serve from another built checkout (e.g. an older commit) on the same data, for a before/after.
  return startBenchServer(option('server-dir') ?? projectRoot, databaseUrl, extraEnv, nodeArgs);
}

function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const scale = (option('scale') ?? 'small') as keyof typeof SCALES;
  if (!(scale in SCALES)) throw new Error('--scale must be small or province');
  const seconds = Number(option('seconds') ?? (scale === 'province' ? 10 : 5));
  const client = httpClientOption(process.argv);
  const { counties, years } = SCALES[scale];
  process.env.DATA_DIR ??= path.join('.data', `bench-${scale}`);
  const config = loadConfig();
  const handle = await openDatabase(config);
  const orm = await initORM({ url: handle.url, statementTimeoutMs: 3_600_000, lockTimeoutMs: 3_600_000 });
  const db = new Db(orm);
  let server: { child: ChildProcess; url: string } | undefined;
  let replica: Replica | undefined;
  const workers = Number(option('workers') ?? 1);
  const withReplica = process.argv.includes('--replica');
  const pool = new Pool({ connectionString: handle.url, max: 32 });
  try {
    // Data: the standard seeds, then the synthetic province (loaded once, reused afterwards).
    await withSetupLock(handle.url, () => migrate(orm));
    await runSeeds(orm);
    const [{ n }] = await db.query<{ n: string }>(sql`SELECT count(*) AS n FROM county WHERE synthetic`);
    let loadSeconds: number | null = null;
    if (Number(n) < counties) {
      console.log(`loading the synthetic province: ${counties} counties x ${years.length} years...`);
      const t0 = Date.now();
      await db.transaction(async (tx) => {
        const load = () => seedProvince(tx, { counties, years, seed: 'province-1' });
        return counties * years.length >= 40 ? withDeferredIndexes(tx, RECORD_TABLES, load) : load();
      });
      await db.query(sql`ANALYZE`);
      loadSeconds = Math.round((Date.now() - t0) / 100) / 10;
      console.log(`loaded in ${loadSeconds} s`);
    }
    const [sizes] = await db.query<{ cases: string; size: string }>(sql`
      SELECT (SELECT count(*) FROM enforcement_case) AS cases, pg_size_pretty(pg_database_size(current_database())) AS size`);
    const codes = (await db.query<{ code: string; id: number }>(sql`SELECT code, id FROM county WHERE synthetic ORDER BY code`)).slice(0, counties);
    const caseIds = (await db.query<{ id: number }>(sql`SELECT id FROM enforcement_case TABLESAMPLE SYSTEM (1) LIMIT 2000`)).map((r) => r.id);
    const one = codes[0];

    // An analyst key: record-level workloads need one (its lookup is one of each request's statements).
    const key = await createKey(db, Role.ANALYST, null, `bench ${new Date().toISOString()}`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` };
    if (withReplica) {
      if (!handle.embedded) throw new Error('--replica needs the embedded database (unset DATABASE_URL)');
      replica = await startReplica({ url: handle.embedded.urlFor('postgres'), dataDir: handle.embedded.dataDir });
    }
    const database = decodeURIComponent(new URL(handle.url).pathname.slice(1));
    server = await startServer(handle.url, {
      WORKERS: String(workers),
      ...(replica ? { DATABASE_READ_URLS: replica.urlFor(database) } : {}),
    });
    const url = server.url;
    const gid = (id: number) => Buffer.from(`EnforcementCase:${id}`).toString('base64url');

    const W1 = (i: number) => ({ query: 'query ($id: ID!) { node(id: $id) { ... on EnforcementCase { caseNumber decidedOn agency { name } township { name } } } }', variables: { id: gid(pick(caseIds, i)) } });
    const W2 = () => ({ query: `{ county(code: "${one.code}") { agencies(first: 50) { nodes { name enforcementCases(first: 20) { nodes { caseNumber decidedOn township { name } } } } } } }` });
    const W3 = () => ({ query: `{ enforcementCaseStats(filter: { countyCode: { eq: "${one.code}" } }, groupBy: [AGENCY, YEAR], first: 100) { totalCount nodes { agency { id code } year count sum { fineAmount } } } }` });
    const W4 = provinceStats;
    // Year-filtered questions no summary answers (townships): they read the cases themselves.
    const lastYear = years[years.length - 1];
    const W9 = () => ({ query: `{ enforcementCaseStats(filter: { countyCode: { eq: "${one.code}" }, year: { eq: ${lastYear} } }, groupBy: [TOWNSHIP], first: 100) { totalCount nodes { township { code } count sum { fineAmount } } } }` });
    const W10 = () => ({ query: `{ enforcementCaseStats(filter: { year: { eq: ${lastYear} } }, groupBy: [TOWNSHIP], first: 100) { totalCount nodes { township { code } count sum { fineAmount } } } }` });
    const W5 = () => ({ query: `{ comparison(indicator: "ENF_PENALTY_TOTAL", years: ${JSON.stringify(years)}, counties: ${JSON.stringify(codes.map((c) => c.code))}) { rows { county { code } cells { year computed rank } } } }` });
    const codeList = codes.map((c) => c.code);
    const W6 = (i: number) => mixed(i, codeList, years, W1);
    const W3y = () => ({ query: '{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [AGENCY, YEAR], first: 100) { totalCount nodes { agency { id code } year count sum { fineAmount } } } }' });
    // W7: the dashboard's first screen as its page sends it, anonymously: the choices, then the comparison they lead to.
    const dashboard = readFileSync(path.join(projectRoot, 'web/dashboard/operations.ts'), 'utf8');
    const operation = (name: string) => {
      const m = new RegExp(`graphql\\(\`\\s*(query ${name}\\b[\\s\\S]*?)\`\\)`).exec(dashboard);
      if (!m) throw new Error(`operation ${name} not found in web/dashboard/operations.ts`);
      return m[1];
    };
    const [choices, comparison] = [operation('DashboardComparisonChoices'), operation('DashboardComparison')];
    // The years the page compares: newest report's year down to the oldest's (comparison-page.ts).
    const reportYears = await db.query<{ newest: number; oldest: number }>(sql`SELECT max(year) AS newest, min(year) AS oldest FROM report`);
    const { newest, oldest } = reportYears[0];
    const W7 = () => ({ anonymous: true, sequence: [
      { query: choices, variables: {} },
      { query: comparison, variables: { indicator: 'ENF_PENALTY_TOTAL', years: Array.from({ length: newest - oldest + 1 }, (_, k) => newest - k), counties: null } },
    ] });
    // W8: 100 point reads in one request, by aliases (one operation text, 100 ids as variables).
    const W8_READS = 100;
    const w8Query = `query (${Array.from({ length: W8_READS }, (_, k) => `$i${k}: ID!`).join(', ')}) { ${Array.from({ length: W8_READS }, (_, k) => `c${k}: node(id: $i${k}) { ... on EnforcementCase { caseNumber decidedOn fineAmount agency { name } township { name } } }`).join(' ')} }`;
    const w8Ids = (i: number) => Array.from({ length: W8_READS }, (_, k) => pick(caseIds, i * W8_READS + k));
    const W8 = (i: number) => ({ query: w8Query, variables: Object.fromEntries(w8Ids(i).map((id, k) => [`i${k}`, gid(id)])) });
    // --only W2,W3: run just those workloads (matched by their leading code), e.g. while working on one.
    const only = option('only')?.split(',').map((w) => w.trim().toUpperCase());
    const workloads = ([
      ['W1 point', W1], ['W2 nested', W2], ['W3 county stats', W3], ['W3y Yanjin stats', W3y], ['W4 province stats', W4], ['W5 comparison', W5], ['W6 mixed', W6],
      ['W7 dashboard first screen', W7], ['W8 100 point reads', W8],
      ['W9 county-year townships', W9], ['W10 province-year townships', W10],
    ] as [string, (i: number) => object][]).filter(([name]) => !only || only.includes(name.split(' ')[0].toUpperCase()));

    // Statement counts: the second request of each workload with x-debug-sql (the steady state).
    const readFrom = new Set<string>();
    // A workload's request is one body, or (W7) a sequence sent one after the other, optionally without the key.
    type Request = { sequence: object[]; anonymous?: boolean };
    const asRequest = (body: object): Request => ('sequence' in body ? body as Request : { sequence: [body] });
    const statements = async (body: object): Promise<number | null> => {
      const { sequence, anonymous } = asRequest(body);
      let total: number | null = null;
      for (const b of sequence) {
        const res = await fetch(url, { method: 'POST', headers: { ...(anonymous ? { 'content-type': 'application/json' } : headers), 'x-debug-sql': '1' }, body: JSON.stringify(b) });
        const json = (await res.json()) as { extensions?: { sqlStatements?: number; readFrom?: string }; errors?: unknown[] };
        if (json.errors) throw new Error(`workload failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
        if (json.extensions?.readFrom) readFrom.add(json.extensions.readFrom === 'primary' ? 'primary' : 'replica');
        if (json.extensions?.sqlStatements != null) total = (total ?? 0) + json.extensions.sqlStatements;
      }
      return total;
    };
    const api = (make: (i: number) => object) => async (_w: number, i: number) => {
      const { sequence, anonymous } = asRequest(make(i));
      for (const b of sequence) {
        if (!(await postGraphql(client, url, anonymous ? { 'content-type': 'application/json' } : headers, b)).ok) return false;
      }
      return true;
    };

    const yearRange = [`${lastYear}-01-01`, `${lastYear + 1}-01-01`];
    const townshipFloor = (county: number | null) => pool.query(`SELECT g.*, t.code, count(*) OVER () AS groups FROM (
          SELECT c.township_id, count(*) AS n, sum(c.fine_amount_fen) AS fines FROM enforcement_case c
           WHERE c.decided_on >= $1::date AND c.decided_on < $2::date AND ($3::int IS NULL OR c.county_id = $3) GROUP BY 1) g
        LEFT JOIN township t ON t.id = g.township_id ORDER BY g.township_id LIMIT 100`, [...yearRange, county]);
    let w8Round = 0;
    const floors: Record<string, () => Promise<unknown>> = {
      'W8 100 point reads': () => pool.query(`SELECT c.id, c.case_number, c.decided_on, c.fine_amount_fen, a.name AS agency, t.name AS township
        FROM enforcement_case c JOIN agency a ON a.id = c.agency_id LEFT JOIN township t ON t.id = c.township_id WHERE c.id = ANY($1::int[])`, [w8Ids(w8Round++)]),
      'W9 county-year townships': () => townshipFloor(one.id),
      'W10 province-year townships': () => townshipFloor(null),
      'W2 nested': () => pool.query(`SELECT a.name, x.case_number, x.decided_on, t.name AS township
        FROM (SELECT id, name, level, code FROM agency WHERE county_id = $1 ORDER BY level, code LIMIT 50) a
        CROSS JOIN LATERAL (SELECT case_number, decided_on, township_id FROM enforcement_case c WHERE c.agency_id = a.id ORDER BY decided_on DESC, id DESC LIMIT 20) x
        LEFT JOIN township t ON t.id = x.township_id ORDER BY a.level, a.code`, [one.id]),
      // The same answers as the API: the first 100 groups and how many groups there are in all.
      'W3 county stats': () => pool.query(`SELECT g.*, a.code, count(*) OVER () AS groups FROM (
          SELECT c.agency_id, extract(year FROM c.decided_on)::int AS year, count(*) AS n, sum(c.fine_amount_fen) AS fines
            FROM enforcement_case c WHERE c.county_id = $1 GROUP BY 1, 2) g
        JOIN agency a ON a.id = g.agency_id ORDER BY g.agency_id, g.year LIMIT 100`, [one.id]),
      'W3y Yanjin stats': () => pool.query(`SELECT g.*, a.code, count(*) OVER () AS groups FROM (
          SELECT c.agency_id, extract(year FROM c.decided_on)::int AS year, count(*) AS n, sum(c.fine_amount_fen) AS fines
            FROM enforcement_case c WHERE c.county_id = (SELECT id FROM county WHERE code = '410726') GROUP BY 1, 2) g
        JOIN agency a ON a.id = g.agency_id ORDER BY g.agency_id, g.year LIMIT 100`),
      'W4 province stats': () => pool.query(`SELECT g.*, k.code, count(*) OVER () AS groups FROM (
          SELECT county_id, extract(year FROM decided_on)::int AS year, action_type, count(*) AS n
            FROM enforcement_case GROUP BY 1, 2, 3) g
        JOIN county k ON k.id = g.county_id ORDER BY g.county_id, g.year, g.action_type LIMIT 100`),
    };

    const rows: Row[] = [];
    for (const [name, make] of workloads) {
      // The first request of an operation is interpreted and looks the key and county up; the second runs as every later one.
      await statements(make(0));
      const stmts = await statements(make(0));
      // A province-wide scan 32 times at once on 2 cores measures the queue: W10 runs alone.
      for (const concurrency of name.startsWith('W10') && scale === 'province' ? [1] : [1, 32]) {
        await runLoad(api(make), concurrency, 1); // warm up
        const cpuBefore = cpuMs(server.child.pid!);
        const result = await runLoad(api(make), concurrency, seconds);
        const cpuAfter = cpuMs(server.child.pid!);
        const serverCpuMs = cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / result.requests) * 100) / 100 : null;
        rows.push({ workload: name, target: 'api', concurrency, result, sqlStatements: stmts, serverCpuMs });
        console.log(`${name} api c=${concurrency}: p50 ${result.p50} ms, p95 ${result.p95} ms, ${result.rps} req/s, ${result.errors} errors, server CPU ${serverCpuMs} ms/req`);
        const floor = floors[name];
        // The bare province-wide GROUP BY over the cases takes seconds; 32 of them at once on 2 cores only measure the queue.
        if (floor && !(name.startsWith('W4') && concurrency > 1 && scale === 'province')) {
          await runLoad(async () => (await floor(), true), concurrency, 1, 1);
          const f = await runLoad(async () => (await floor(), true), concurrency, seconds, 3);
          rows.push({ workload: name, target: 'floor', concurrency, result: f, sqlStatements: 1 });
          console.log(`${name} floor c=${concurrency}: p50 ${f.p50} ms, p95 ${f.p95} ms, ${f.rps} req/s`);
        }
      }
    }
    const rss = peakRssMb(server.child.pid!);

    // The plans of W3, W4, W9 and W10 as the engine sends them.
    const measures = emptyMeasures();
    measures.ids.add('fineAmount.sum');
    const dim = (n: string) => enforcementCaseFact.dimensions.find((d) => d.name === n)!;
    const w3: StatsQuery = { groupBy: [dim('AGENCY'), dim('YEAR')], filter: { countyCode: { eq: one.code } }, allowPersonal: false, having: [], order: [], offset: 0, limit: 100, measures, previousYear: null };
    const w4: StatsQuery = { groupBy: [dim('COUNTY'), dim('YEAR'), dim('ACTION_TYPE')], filter: undefined, allowPersonal: false, having: [], order: [], offset: 0, limit: 100, measures, previousYear: null };
    const townships = (filter: object): StatsQuery => ({ ...w3, groupBy: [dim('TOWNSHIP')], filter });
    const w9 = townships({ countyCode: { eq: one.code }, year: { eq: lastYear } });
    const w10 = townships({ year: { eq: lastYear } });
    const plans: string[] = [];
    for (const [label, q] of [['W3', w3], ['W4', w4], ['W9', w9], ['W10', w10]] as const) {
      const prepared = await prepareAggregate(db, enforcementCaseFact, q, { summaries: true, maxScanRows: null });
      const { text, values } = prepared.statement.compile();
      const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
      plans.push(`== ${label} (served from ${prepared.servedFrom})\n${text}\n-- values: ${JSON.stringify(values)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }

    const commit = (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: path.resolve(option('server-dir') ?? projectRoot) }).toString().trim();
      } catch {
        return 'unknown';
      }
    })();
    const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
    const topology = `${workers} server process${workers > 1 ? 'es' : ''}${replica ? ' + 1 streaming replica' : ''}; API reads from ${[...readFrom].join(' and ') || 'primary'}`;
    const report = { scale, counties, years, cases: Number(sizes.cases), databaseSize: sizes.size, loadSeconds, seconds, machine, commit, at: new Date().toISOString(), serverPeakRssMb: rss, workers, replica: !!replica, topology, client, rows };

    const ratio = (w: string, c: number) => {
      const a = rows.find((r) => r.workload === w && r.target === 'api' && r.concurrency === c);
      const f = rows.find((r) => r.workload === w && r.target === 'floor' && r.concurrency === c);
      return a && f ? Number((a.result.p50 / f.result.p50).toPrecision(2)) : null;
    };
    const lines = [
      `scale ${scale}: ${counties} counties x ${years.length} years, ${report.cases} cases, database ${sizes.size}; ${machine.cores} cores, ${machine.memoryGb} GiB; commit ${commit}; HTTP client ${client}`,
      `servers: ${topology}`,
      '',
      '| workload | target | conc. | p50 ms | p95 ms | p99 ms | req/s | errors | SQL/req | server CPU ms/req | API/floor (p50) |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.workload} | ${r.target} | ${r.concurrency} | ${r.result.p50} | ${r.result.p95} | ${r.result.p99} | ${r.result.rps} | ${r.result.errors} | ${r.sqlStatements ?? ''} | ${r.serverCpuMs ?? ''} | ${r.target === 'api' ? ratio(r.workload, r.concurrency) ?? '' : ''} |`),
      '',
      `server peak RSS: ${rss} MB`,
    ];
    console.log(`\n${lines.join('\n')}`);
    const dir = path.join(projectRoot, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const stamp = `${report.at.replace(/[:.]/g, '-')}${workers > 1 ? `-w${workers}` : ''}${replica ? '-replica' : ''}`;
    writeFileSync(path.join(dir, `${scale}-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(dir, `${scale}-${stamp}.md`), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, `${scale}-${stamp}-plans.txt`), plans.join('\n'));
    console.log(`saved bench/results/${scale}-${stamp}.{json,md} and -plans.txt`);
  } finally {
    server?.child.kill('SIGTERM');
    if (server && server.child.exitCode === null) await new Promise((r) => server!.child.once('exit', r));
    await replica?.remove();
    await pool.end();
    await orm.close(true);
    await handle.release();
  }
}

main().catch((err) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
});
