/**
 * PostgreSQL refuses to run as root, so as root we run it as the `postgres` user. That user
 * cannot enter private folders (a clone in /root or in a `mktemp -d` folder, mode 0700), and we
 * do not widen their permissions: the binaries are copied to a root-owned cache it can read, and
 * the cluster is kept in a folder it can reach, keyed by the data directory's path.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PostgresUser {
  uid: number;
  gid: number;
}

/** Root's own folder for what the postgres user must reach; world-readable, writable by root only. */
export const ROOT_STATE_DIR = '/var/lib/rule-of-law-graph';

/** The postgres user when running as root (created if missing), else undefined. */
export function postgresUser(): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** `test <expression>` run as that user: whether it can reach a path the way PostgreSQL will. */
export function userCan(user: PostgresUser, ...expression: string[]): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'test "$@"', 'sh', ...expression], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return r.status === 0;
}

/**
 * The embedded binaries' native/ folder, or when the postgres user cannot run them there, a copy in
 * ROOT_STATE_DIR/postgres-<version> (made once per version).
 */
export async function reachableNative(user: PostgresUser, native: string, version: string): Promise<string> {
  const usable = (dir: string) => userCan(user, '-x', path.join(dir, 'bin', 'postgres'), '-a', '-x', path.join(dir, 'bin', 'initdb'),
    '-a', '-r', path.join(dir, 'share', 'postgresql', 'postgres.bki'));
  if (usable(native)) return native;
  const cache = path.join(ROOT_STATE_DIR, `postgres-${version}`);
  if (existsSync(path.join(cache, '.complete'))) {
    await assertRootOwned(cache);
    return cache;
  }
  await ensureStateDir();
  // Copy beside, then rename: a concurrent or interrupted copy never leaves a half cache in place.
  const tmp = await mkdtemp(`${cache}.tmp-`);
  await cp(native, tmp, { recursive: true, verbatimSymlinks: true });
  await writeFile(path.join(tmp, '.complete'), `copied from ${native}\n`);
  await chmod(tmp, 0o755);
  await rename(tmp, cache).catch(async (err) => {
    await rm(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(cache, '.complete'))) throw err;
  });
  if (!usable(cache)) throw new Error(`the postgres user cannot run the PostgreSQL binaries copied to ${cache}`);
  return cache;
}

/**
 * Where the cluster for dataDir lives: dataDir itself when the postgres user can reach it, else
 * ROOT_STATE_DIR/clusters/<hash of dataDir>/pg.
 */
export function clusterDirFor(user: PostgresUser | undefined, dataDir: string): string {
  if (!user) return dataDir;
  const reachable = existsSync(path.join(dataDir, 'PG_VERSION'))
    ? userCan(user, '-r', path.join(dataDir, 'PG_VERSION'))
    : userCan(user, '-x', path.dirname(dataDir));
  return reachable ? dataDir : relocatedClusterDir(dataDir);
}

export function relocatedClusterDir(dataDir: string): string {
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(ROOT_STATE_DIR, 'clusters', key, 'pg');
}

/** Creates the relocated cluster's folder (traversable, root-owned) with a note of whose it is. */
export async function prepareRelocatedParent(clusterDir: string, dataDir: string): Promise<void> {
  await ensureStateDir();
  const parent = path.dirname(clusterDir);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  await chmod(path.dirname(parent), 0o755);
  await chmod(parent, 0o755);
  await writeFile(path.join(parent, 'SOURCE'), `${path.resolve(dataDir)}\n`);
}

async function ensureStateDir(): Promise<void> {
  await mkdir(ROOT_STATE_DIR, { recursive: true, mode: 0o755 });
  await assertRootOwned(ROOT_STATE_DIR);
}

/** Binaries root will hand to the postgres user must not be replaceable by another user. */
async function assertRootOwned(dir: string): Promise<void> {
  const s = await lstat(dir);
  if (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by root and writable only by root`);
  }
}

export function packageVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
