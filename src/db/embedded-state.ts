import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, type ProcessIdentity } from './process-identity';

/** A process using the embedded server (npm start, a CLI, a test run). */
export interface ClusterUser extends ProcessIdentity {
  /** One per opening: a process may hold more than one (a test), each leaving on its own. */
  handle: string;
  /** What it is, for messages: "npm start (HTTP port 4000)", "keys list"... */
  label: string;
}

/**
 * Kept beside the cluster (written only under its lock file): which processes use the running
 * server, so that none stops it under another, and the last one to leave stops it.
 */
export interface ClusterState {
  port: number;
  /** The process that started the server (kept for messages; it may have left since). */
  startedBy: ClusterUser;
  users: ClusterUser[];
}

export async function readState(file: string): Promise<ClusterState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ClusterState;
  } catch {
    return null;
  }
}

export async function writeState(file: string, state: ClusterState | null): Promise<void> {
  if (!state) {
    await rm(file, { force: true });
    return;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, file);
}

/** Users still alive, without `me`. */
export function otherLiveUsers(state: ClusterState | null, me: ClusterUser): ClusterUser[] {
  return (state?.users ?? []).filter((u) => u.handle !== me.handle && isAlive(u));
}

/** The server postmaster.pid describes, if its process is alive. */
export async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | null> {
  const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  return isAlive({ pid, started: null }) ? { pid, port } : null;
}
