/**
 * WORKERS > 1: `npm start` runs that many HTTP server processes on one port with node:cluster.
 * The primary owns the database (starts the embedded PostgreSQL, migrates, seeds) and serves
 * nothing itself; workers connect to it by URL and never start or stop it. The primary restarts
 * a worker that dies while running, and on SIGINT/SIGTERM asks each to drain and waits for it.
 *
 * Nothing one worker holds is needed by another: the rate limit is counted in PostgreSQL,
 * summary refreshes and set-up take PostgreSQL advisory locks, and what stays per process
 * (readiness, the heavy-operation gate over its own pool, persisted-query hashes) is correct per
 * process (README, "Several processes").
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger';

/** Messages between the primary and a worker over the cluster's IPC channel. */
type WorkerMessage = { kind: 'ready'; url: string };
type PrimaryMessage = { kind: 'stop' };

/** More restarts than this within RESTART_WINDOW_MS means the workers cannot run: give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** A worker still draining after this long is killed. */
const STOP_GRACE_MS = 30_000;

export interface Workers {
  /** The URL the workers serve. */
  url: string;
  /** Resolves when every worker has exited (asked to drain first); restarts stop. */
  stop(): Promise<void>;
  /** Resolves with a reason when the workers cannot be kept running (crash loop). */
  failed: Promise<string>;
}

/** Fork `count` workers with `env` and resolve once all of them listen; rejects if one exits first. */
export function startWorkers(count: number, env: Record<string, string>, logger: Logger): Promise<Workers> {
  cluster.setupPrimary({ silent: false });
  let stopping = false;
  const restarts: number[] = [];
  let fail: (reason: string) => void;
  const failed = new Promise<string>((resolve) => (fail = resolve));

  const fork = (): Worker => cluster.fork(env);

  return new Promise<Workers>((resolve, reject) => {
    let url = '';
    const ready = new Set<number>();
    let started = false;

    cluster.on('message', (worker, message: WorkerMessage) => {
      if (message?.kind !== 'ready') return;
      url = message.url;
      ready.add(worker.id);
      logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker ready');
      if (!started && ready.size === count) {
        started = true;
        resolve({ url, stop, failed });
      }
    });

    cluster.on('exit', (worker, code, signal) => {
      const wasReady = ready.delete(worker.id);
      if (stopping) return;
      if (!started && !wasReady) {
        stopping = true;
        void stopAll().then(() => reject(new Error(`a worker exited during start-up (code ${code ?? signal}); see its message above`)));
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        logger.error({ restarts: restarts.length }, 'workers keep exiting: giving up');
        fail(`workers exited ${restarts.length} times within ${RESTART_WINDOW_MS / 1000} s`);
        return;
      }
      logger.warn({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker exited: starting another');
      fork();
    });

    for (let i = 0; i < count; i++) fork();
  });

  async function stopAll(): Promise<void> {
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(running.map((w) => new Promise<void>((done) => {
      const killer = setTimeout(() => w.process.kill('SIGKILL'), STOP_GRACE_MS);
      w.once('exit', () => {
        clearTimeout(killer);
        done();
      });
      // A worker that already got the terminal's Ctrl-C is draining; the message is then a no-op.
      if (w.isConnected()) w.send({ kind: 'stop' } satisfies PrimaryMessage, () => undefined);
      else w.process.kill('SIGTERM');
    })));
  }

  async function stop(): Promise<void> {
    stopping = true;
    await stopAll();
  }
}

/** In a worker: tell the primary this worker listens at `url`. */
export function reportReady(url: string): void {
  process.send?.({ kind: 'ready', url } satisfies WorkerMessage);
}

/** In a worker: `onStop` runs when the primary asks it to drain, or when the primary is gone. */
export function whenPrimaryAsksToStop(onStop: () => void): void {
  process.on('message', (message: PrimaryMessage) => {
    if (message?.kind === 'stop') onStop();
  });
  process.on('disconnect', onStop);
}

export const isWorker = (): boolean => cluster.isWorker;
