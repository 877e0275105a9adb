/**
 * npm run bench:ab -- --server-dir A --server-dir B [--only W1,W2,W3,W4,W6,W8] [--rounds 8] [--batch 10] [--seconds 2] [--client http|fetch]
 *
 * A/B of built checkouts on a shared, noisy machine: both servers run at once on the small-scale
 * benchmark database (.data/bench-small, made by `npm run bench -- --scale small`) and take turns,
 * a batch of requests each (c=1), then a slice of seconds each (c=32), round after round, so the
 * neighbours' load falls on both alike. Reports each server's CPU time per request (its processes'
 * user + system time over its own turns), p50 and req/s. Same workloads as bench/run.ts.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { Db } from '../src/db/db';
import { initORM } from '../src/db/orm';
import { sql } from '../src/db/sql';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { projectRoot } from '../src/paths';
import { httpClientOption, postGraphql, runLoad } from './load';
import { cpuMs, startBenchServer } from './server-process';
import { mixed, pick, provinceStats, type Request } from './workloads';

const options = (name: string) => process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]] : []));
const option = (name: string, fallback: string) => options(name)[0] ?? fallback;

function startServer(dir: string, databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  return startBenchServer(dir, databaseUrl, { WORKERS: '1', MAX_ALIASES: '100' });
}

interface Tally { requests: number; cpu: number; latencies: number[]; seconds: number }

async function main() {
  const dirs = options('server-dir');
  if (dirs.length < 2) throw new Error('pass --server-dir twice (or more)');
  const only = option('only', 'W1,W2,W8').split(',');
  const rounds = Number(option('rounds', '8'));
  const batch = Number(option('batch', '10'));
  const slice = Number(option('seconds', '2'));
  const client = httpClientOption(process.argv);
  process.env.DATA_DIR ??= path.join('.data', 'bench-small');
  const handle = await openDatabase(loadConfig());
  const orm = await initORM({ url: handle.url });
  const db = new Db(orm);
  const servers: { child: ChildProcess; url: string }[] = [];
  try {
    const [one] = await db.query<{ code: string }>(sql`SELECT code FROM county WHERE synthetic ORDER BY code LIMIT 1`);
    const caseIds = (await db.query<{ id: number }>(sql`SELECT id FROM enforcement_case TABLESAMPLE SYSTEM (1) LIMIT 2000`)).map((r) => r.id);
    const codes = (await db.query<{ code: string }>(sql`SELECT code FROM county WHERE synthetic ORDER BY code`)).map((r) => r.code);
    const years = (await db.query<{ year: number }>(sql`SELECT DISTINCT extract(year FROM decided_on)::int AS year FROM enforcement_case ORDER BY 1`)).map((r) => r.year);
    const key = await createKey(db, Role.ANALYST, null, `bench ab ${new Date().toISOString()}`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` };
    for (const dir of dirs) servers.push(await startServer(dir, handle.url));

    const gid = (id: number) => Buffer.from(`EnforcementCase:${id}`).toString('base64url');
    const w8Query = `query (${Array.from({ length: 100 }, (_, k) => `$i${k}: ID!`).join(', ')}) { ${Array.from({ length: 100 }, (_, k) => `c${k}: node(id: $i${k}) { ... on EnforcementCase { caseNumber decidedOn fineAmount agency { name } township { name } } }`).join(' ')} }`;
    const workloads: Record<string, (i: number) => Request> = {
      W1: (i) => ({ query: 'query ($id: ID!) { node(id: $id) { ... on EnforcementCase { caseNumber decidedOn agency { name } township { name } } } }', variables: { id: gid(pick(caseIds, i)) } }),
      W2: () => ({ query: `{ county(code: "${one.code}") { agencies(first: 50) { nodes { name enforcementCases(first: 20) { nodes { caseNumber decidedOn township { name } } } } } } }` }),
      W3: () => ({ query: `{ enforcementCaseStats(filter: { countyCode: { eq: "${one.code}" } }, groupBy: [AGENCY, YEAR], first: 100) { totalCount nodes { agency { id code } year count sum { fineAmount } } } }` }),
      W8: (i) => ({ query: w8Query, variables: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`i${k}`, gid(pick(caseIds, i * 100 + k))])) }),
      W4: provinceStats,
      W6: (i) => mixed(i, codes, years, workloads.W1),
    };
    const send = (url: string, body: object) => async () => (await postGraphql(client, url, headers, body)).ok;

    const lines: string[] = [];
    for (const name of only) {
      const make = workloads[name];
      for (const concurrency of [1, 32]) {
        const tallies: Tally[] = servers.map(() => ({ requests: 0, cpu: 0, latencies: [], seconds: 0 }));
        for (const s of servers) await runLoad((_w, i) => send(s.url, make(i))(), concurrency, 1); // warm up (and compile)
        for (let r = 0; r < rounds; r++) {
          // Alternate who goes first, so neither always follows the other.
          const order = servers.map((_, k) => k);
          if (r % 2) order.reverse();
          for (const k of order) {
            const s = servers[k];
            const before = cpuMs(s.child.pid!) ?? 0;
            let i = r * batch;
            const res = concurrency === 1
              ? await runLoad(async () => send(s.url, make(i++))(), 1, 0, batch)
              : await runLoad(async () => send(s.url, make(i++))(), concurrency, slice);
            const t = tallies[k];
            t.cpu += (cpuMs(s.child.pid!) ?? before) - before;
            t.requests += res.requests;
            t.seconds += res.seconds;
            if (res.errors) throw new Error(`${name}: ${res.errors} errors from ${dirs[k]}`);
            t.latencies.push(res.p50);
          }
        }
        tallies.forEach((t, k) => {
          const p50 = [...t.latencies].sort((a, b) => a - b)[Math.floor(t.latencies.length / 2)];
          const line = `| ${name} | ${concurrency} | ${dirs[k]} | ${(t.cpu / t.requests).toFixed(1)} | ${p50.toFixed(1)} | ${(t.requests / t.seconds).toFixed(1)} | ${t.requests} |`;
          lines.push(line);
          console.log(line);
        });
      }
    }
    const table = `| workload | conc. | server | server CPU ms/req | p50 ms (median of turns) | req/s | requests |\n|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`;
    const file = path.join(projectRoot, 'bench/results', `ab-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `rounds ${rounds}, batch ${batch} (c=1), ${slice} s turns (c=32), client ${client}\n\n${table}`);
    console.log(`\n${table}\nsaved ${path.relative(projectRoot, file)}`);
  } finally {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      if (s.child.exitCode === null) await new Promise((r) => s.child.once('exit', r));
    }
    await orm.close(true);
    await handle.release();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
