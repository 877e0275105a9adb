/**
 * The README's commands run beside `npm start` on the embedded database (issue 12, point 2):
 * each shares the running PostgreSQL instead of stopping it, so after each the server still
 * answers and /readyz is 200. A second start on the same port refuses, naming the running
 * server; on another port it shares the database, and whichever server stops first leaves it
 * running for the other; the last one out stops it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded-postgres';
import { removeDataDir, root, runCommand, startMain, whenReady, type MainProcess } from './helpers/processes';

let dataDir: string;
let port: number;
let first: MainProcess;
let url: string;
let clusterDir: string;

const command = (file: string, ...args: string[]) => runCommand(file, args, { DATA_DIR: dataDir });

async function countyName(serverUrl: string): Promise<unknown> {
  const res = await fetch(serverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ county(code: "410726") { name } }' }) });
  const json = (await res.json()) as { data?: { county?: { name: string } }; errors?: unknown };
  return json.data?.county?.name ?? json.errors;
}

async function expectServing(serverUrl = url): Promise<void> {
  expect(await countyName(serverUrl)).toBe('延津县');
  expect((await fetch(serverUrl.replace(/graphql$/, 'readyz'))).status).toBe(200);
}

describe('the README commands beside a running server', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rolg-beside-'));
    port = await freePort();
    first = startMain({ DATA_DIR: dataDir, PORT: String(port) });
    url = await whenReady(first);
    clusterDir = /"database":"embedded PostgreSQL on [^"]* \(data in ([^"]+)\)"/.exec(first.output())![1];
  }, 300_000);

  afterAll(async () => {
    // A clean stop, so that no PostgreSQL is left running on the folder removed next.
    if (first && first.child.exitCode === null) {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    await removeDataDir(dataDir);
  });

  it('keys create and keys list', async () => {
    const created = await command('src/cli/keys.ts', 'create', '--role', 'analyst', '--label', 'made beside the server');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created key \d+ \(ANALYST\)/);
    await expectServing();

    const listed = await command('src/cli/keys.ts', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('made beside the server');
    await expectServing();
  });

  it('an import that fails validation reports its problems', async () => {
    const doc = JSON.parse(await readFile(path.join(root, 'test/data/fixture-county-report.json'), 'utf8'));
    doc.figures[0].indicator = 'NOT_AN_INDICATOR';
    const file = path.join(dataDir, 'bad-report.json');
    await writeFile(file, JSON.stringify({ ...doc, report: { ...doc.report, sourceText: undefined } }));
    const out = await command('src/cli/import.ts', 'report', file);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('figures[0] indicator: unknown indicator "NOT_AN_INDICATOR"');
    await expectServing();
  });

  it('seed', async () => {
    const out = await command('seeds/cli.ts');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('standard seeds:');
    await expectServing();
  });

  it('migrate', async () => {
    const out = await command('src/cli/migrate.ts');
    expect(out).toEqual({ code: 0, stdout: 'database is up to date\n', stderr: '' });
    await expectServing();
  });

  it('rollups status and refresh', async () => {
    const status = await command('src/cli/rollups.ts', 'status');
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('summary_enforcement_case_yearly  FRESH');
    const refresh = await command('src/cli/rollups.ts', 'refresh');
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toMatch(/^refreshed in /);
    await expectServing();
  });

  it('a second start on the same port refuses, naming the running server', async () => {
    const second = startMain({ DATA_DIR: dataDir, PORT: String(port) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `rule-of-law-graph: a server is already running on this data directory with HTTP port ${port} (pid ${first.child.pid}, database on 127.0.0.1:`);
    await expectServing();
  });

  it('a second start on another port shares the database; the last server to stop stops it', async () => {
    const second = startMain({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    const url2 = await whenReady(second);
    expect(second.output()).toContain('sharing the embedded PostgreSQL that is already running');
    await expectServing(url2);
    await expectServing();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await expectServing(url2);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  });
});

describe('two starts at once on a new data directory', () => {
  let fresh: string;
  afterAll(() => removeDataDir(fresh));

  it('take turns: one database server, migrated and seeded once, serving both', async () => {
    fresh = await mkdtemp(path.join(os.tmpdir(), 'rolg-twice-'));
    const [a, b] = [startMain({ DATA_DIR: fresh, PORT: String(await freePort()) }), startMain({ DATA_DIR: fresh, PORT: String(await freePort()) })];
    try {
      const urls = await Promise.all([whenReady(a), whenReady(b)]);
      for (const u of urls) await expectServing(u);
      const logs = [a.output(), b.output()];
      expect(logs.filter((o) => o.includes('"msg":"seeded"'))).toHaveLength(1);
      expect(logs.filter((o) => o.includes('sharing the embedded PostgreSQL that is already running'))).toHaveLength(1);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
    expect([await a.exited, await b.exited]).toEqual([0, 0]);
  });
});
