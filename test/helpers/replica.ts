/**
 * A streaming replica of a running embedded PostgreSQL, made the way PostgreSQL's documentation
 * describes without pg_basebackup (the embedded package ships only initdb, pg_ctl and postgres):
 * a physical replication slot keeps the WAL from now on; pg_backup_start(); a copy of the data
 * folder; pg_backup_stop() gives the backup_label to write into the copy; then standby.signal,
 * primary_conninfo and primary_slot_name, and the same binaries start it on another port.
 *
 * The primary needs nothing changed: wal_level is replica by default, the superuser may
 * replicate, and initdb's pg_hba.conf allows replication from 127.0.0.1. As root the replica
 * runs as the postgres user in a folder it can reach, like every other cluster
 * (src/db/postgres-as-root.ts). Used by test/read-replicas.test.ts and the benchmark.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chown, copyFile, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { embeddedBinDir, freePort } from '../../src/db/embedded-postgres';
import { clusterDirFor, postgresUser, prepareRelocatedParent, type PostgresUser } from '../../src/db/postgres-as-root';

const run = promisify(execFile);

export interface Replica {
  port: number;
  dataDir: string;
  /** The replica's URL for a database: the primary's URL (same roles, same password) on the replica's port. */
  urlFor(database: string): string;
  /** Stop replaying WAL (pg_wal_replay_pause): the replica keeps answering, with what it had. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop the replica's server (fast shutdown); start() starts it again on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stop it, drop its slot on the primary and remove its folder. */
  remove(): Promise<void>;
}

export interface PrimaryCluster {
  /** A superuser URL of the primary (any database). */
  url: string;
  /** The primary's data folder (the cluster itself, e.g. EmbeddedPostgres.dataDir). */
  dataDir: string;
}

/** Contents never copied into a base backup (PostgreSQL docs, "Making a Base Backup Using the Low Level API"). */
const SKIP_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'server.log', 'backup_label', 'tablespace_map', 'standby.signal']);

/** Copies a live data folder; files that vanish meanwhile (a dropped database, a temp file) are skipped: WAL replay settles them. */
async function copyLive(from: string, to: string, top = true): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let names: string[];
  try {
    names = await readdir(from);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) {
    if (top && SKIP_FILES.has(name)) continue;
    const src = path.join(from, name);
    const dst = path.join(to, name);
    try {
      const st = await lstat(src);
      if (st.isDirectory()) {
        if (top && SKIP_CONTENTS.has(name)) await mkdir(dst, { mode: 0o700 });
        else await copyLive(src, dst, false);
      } else if (st.isFile()) await copyFile(src, dst);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

async function chownTree(dir: string, user: PostgresUser): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, user);
    else await chown(p, user.uid, user.gid);
  }
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startReplica(primary: PrimaryCluster): Promise<Replica> {
  const user = postgresUser();
  const spawnAs = user ? { uid: user.uid, gid: user.gid, cwd: '/' } : {};
  const requested = path.join(await mkdtemp(path.join(os.tmpdir(), 'rolg-replica-')), 'pg');
  const dataDir = clusterDirFor(user, requested);
  if (dataDir !== requested) await prepareRelocatedParent(dataDir, requested);
  const bin = await embeddedBinDir();
  const slot = `rolg_replica_${randomBytes(4).toString('hex')}`;
  const primaryUrl = new URL(primary.url);

  await withClient(primary.url, async (admin) => {
    // Reserved now, so the WAL from the backup's start stays until the replica has streamed it.
    await admin.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
    await admin.query(`SELECT pg_backup_start('rule-of-law-graph replica', true)`);
    try {
      await copyLive(primary.dataDir, dataDir);
    } finally {
      const { rows: [stop] } = await admin.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
      await writeFile(path.join(dataDir, 'backup_label'), stop.labelfile);
      if (stop.spcmapfile) await writeFile(path.join(dataDir, 'tablespace_map'), stop.spcmapfile);
    }
  });
  const conninfo = `host=${primaryUrl.hostname} port=${primaryUrl.port || 5432} user=${decodeURIComponent(primaryUrl.username)} password=${decodeURIComponent(primaryUrl.password)} application_name=${slot}`;
  await writeFile(path.join(dataDir, 'standby.signal'), '');
  await appendFile(path.join(dataDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`);
  if (user) await chownTree(dataDir, user);

  const port = await freePort();
  const urlFor = (database: string) => {
    const u = new URL(primary.url);
    u.port = String(port);
    u.pathname = `/${encodeURIComponent(database)}`;
    return u.toString();
  };
  const start = async () => {
    try {
      await run(path.join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', path.join(dataDir, 'server.log'),
        '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ''`], { ...spawnAs, env: { ...process.env, LC_ALL: 'C' } });
    } catch (err) {
      throw new Error(`the replica in ${dataDir} did not start: ${(err as Error).message}`);
    }
  };
  const halt = async () => {
    await run(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s'], spawnAs).catch(() => undefined);
  };
  await start();
  // Streaming, not just started: the walreceiver is connected.
  for (let i = 0; ; i++) {
    const streaming = await withClient(urlFor('postgres'), async (c) => (await c.query(`SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'`)).rowCount === 1).catch(() => false);
    if (streaming) break;
    if (i > 100) throw new Error(`the replica in ${dataDir} does not stream from the primary`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const onReplica = (text: string) => withClient(urlFor('postgres'), async (c) => void (await c.query(text)));

  return {
    port,
    dataDir,
    urlFor,
    pause: () => onReplica('SELECT pg_wal_replay_pause()'),
    resume: () => onReplica('SELECT pg_wal_replay_resume()'),
    halt,
    start,
    async remove() {
      await halt();
      // The walsender may take a moment to notice; until then the slot is active and cannot be dropped.
      for (let i = 0; i < 50; i++) {
        const dropped = await withClient(primary.url, async (c) => {
          await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [slot]);
          return (await c.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot])).rowCount === 0;
        }).catch(() => false);
        if (dropped) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await rm(path.dirname(requested), { recursive: true, force: true });
      if (dataDir !== requested) await rm(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}
