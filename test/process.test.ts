/**
 * The `npm start` entry point as a real process: one-line failures with a non-zero exit,
 * a clean stop on SIGTERM/SIGINT, and an embedded database whose data survives a restart.
 */
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded-postgres';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';
import { removeDataDir, startMain } from './helpers/processes';

async function query(url: string, q: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
  return (await res.json()) as any;
}

describe('start-up failures: one line, non-zero exit', () => {
  it('a bad configuration value names the variable', async () => {
    const p = startMain({ PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    expect(p.output().trim()).toBe('rule-of-law-graph: configuration error: PORT must be an integer, got "eighty"');
  });

  it('an unreachable database says where it tried', async () => {
    const port = await freePort();
    const p = startMain({ DATABASE_URL: `postgres://u:secret@127.0.0.1:${port}/db` });
    expect(await p.exited).toBe(1);
    const lines = p.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rule-of-law-graph: cannot connect to the database at 127\\.0\\.0\\.1:${port}/db: `));
    expect(lines[0]).not.toContain('secret');
  });

  it('a port already in use says so', async () => {
    const database = await createDatabase();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const p = startMain({ DATABASE_URL: serverUrl(database), PORT: String(port) });
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(`rule-of-law-graph: port ${port} is already in use; set PORT to another port\n`);
      expect(p.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
      await dropDatabase(database);
    }
  });
});

describe('embedded PostgreSQL lifecycle', () => {
  it('starts with seeded data, stops cleanly on SIGTERM, and a second start keeps the data', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rolg-start-'));
    try {
      const port = await freePort();
      const first = startMain({ DATA_DIR: dataDir, PORT: String(port) });
      const url = await Promise.race([first.ready, first.exited.then(() => { throw new Error(first.output()); })]);
      expect(first.output()).toContain('"msg":"seeded"');
      const res = await query(url, '{ county(code: "410726") { name townships { nodes { code } } } }');
      expect(res.data.county.name).toBe('延津县');
      expect(res.data.county.townships.nodes).toHaveLength(13);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('"msg":"stopped cleanly"');

      const second = startMain({ DATA_DIR: dataDir, PORT: String(port) });
      const url2 = await Promise.race([second.ready, second.exited.then(() => { throw new Error(second.output()); })]);
      expect(second.output()).not.toContain('"msg":"seeded"');
      const again = await query(url2, '{ county(code: "410726") { townships { nodes { code } } } }');
      expect(again.data.county.townships.nodes).toHaveLength(13);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    } finally {
      await removeDataDir(dataDir);
    }
  });
});
