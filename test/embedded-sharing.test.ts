/**
 * One embedded server per data directory, shared by every opening (issue 12, point 2): the
 * first to leave does not stop it under the others, the last one does, and a server left
 * running by a killed process is reused, then stopped by whoever leaves it last.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { removeDataDir, root, tsRegister } from './helpers/processes';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'rolg-sharing-'));
});
afterAll(() => removeDataDir(folder));

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return (await client.query('SELECT 1 AS one')).rows[0].one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

it('the first opening to leave keeps the server running for the other; the last stops it', async () => {
  const dataDir = path.join(folder, 'pg');
  const a = await startEmbeddedPostgres({ dataDir, database: 'shared', label: 'a' });
  const b = await startEmbeddedPostgres({ dataDir, database: 'shared', label: 'b' });
  expect([a.startedHere, b.startedHere, b.port]).toEqual([true, false, a.port]);
  expect((await b.otherUsers()).map((u) => u.label)).toEqual(['a']);

  await a.stop();
  expect(await answers(b.url)).toBe(true);
  await b.stop();
  expect(existsSync(path.join(b.dataDir, 'postmaster.pid'))).toBe(false);
});

it('a server left by a killed process is reused, and stopped by the last one to leave it', async () => {
  const dataDir = path.join(folder, 'pg');
  const child = spawn(process.execPath, ['-r', tsRegister, '-e',
    `require('./src/db/embedded-postgres').startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: 'shared' })
       .then((pg) => { console.log('up ' + pg.port); setInterval(() => undefined, 1000); })`], { cwd: root });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { const m = /up (\d+)/.exec(d.toString()); if (m) resolve(Number(m[1])); });
    child.on('exit', () => reject(new Error('the child exited before starting the database')));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));

  const pg = await startEmbeddedPostgres({ dataDir, database: 'shared' });
  expect([pg.startedHere, pg.port]).toEqual([false, port]);
  expect(pg.notes.join('\n')).toMatch(/that a process now gone left running/);
  expect(await answers(pg.url)).toBe(true);
  await pg.stop();
  expect(existsSync(path.join(pg.dataDir, 'postmaster.pid'))).toBe(false);
});
