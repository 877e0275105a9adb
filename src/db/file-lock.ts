import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcess, isAlive, type ProcessIdentity } from './process-identity';

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL, holding the holder's identity).
 * Concurrent commands on one data directory take turns; a lock left by a process that died is removed.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, waitMs = 180_000): Promise<T> {
  const me = currentProcess();
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o644);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'stale') {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`${lockPath} is held by process ${holder.pid}; if that is not one of our commands, delete the file`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function readHolder(lockPath: string): Promise<ProcessIdentity | 'stale' | 'gone'> {
  let holder: ProcessIdentity | undefined;
  try {
    const text = await readFile(lockPath, 'utf8');
    holder = JSON.parse(text) as ProcessIdentity;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    // Created but not fully written yet: stale only if it stays so (its creator died in between).
    const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    return age > 5_000 ? 'stale' : { pid: 0, started: null };
  }
  return isAlive(holder) ? holder : 'stale';
}
