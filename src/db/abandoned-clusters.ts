import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { readState, runningServer } from './embedded-state';
import { ROOT_STATE_DIR } from './postgres-as-root';
import { isAlive } from './process-identity';

/**
 * Clusters kept outside a project (as root, see postgres-as-root.ts) whose data folder is gone:
 * a deleted clone, a test's temporary folder. Removed when no server runs on them and nobody
 * holds their lock, so that they do not pile up in ROOT_STATE_DIR.
 */
export async function removeAbandonedClusters(): Promise<void> {
  const root = path.join(ROOT_STATE_DIR, 'clusters');
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const entry of entries) {
    const dir = path.join(root, entry);
    const source = (await readFile(path.join(dir, 'SOURCE'), 'utf8').catch(() => '')).trim();
    if (!source || existsSync(path.dirname(source))) continue;
    const cluster = path.join(dir, 'pg');
    if (existsSync(`${cluster}.lock`) || (await runningServer(cluster))) continue;
    if ((await readState(`${cluster}.state.json`))?.users.some(isAlive)) continue;
    await rm(dir, { recursive: true, force: true });
  }
}
