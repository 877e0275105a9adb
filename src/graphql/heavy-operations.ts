/**
 * Heavy operations (estimated cost at or above HEAVY_QUERY_COST) are bounded so that no caller,
 * and no crowd of callers, can hold every pool connection:
 * - per caller (API key id, else client address): at most `perCaller` at once; one more is
 *   refused at once with RATE_LIMITED (HTTP 429, Retry-After);
 * - overall: their SQL runs on at most `connections` pool connections at once (the lane), the rest
 *   of the pool stays free for cheap requests; up to `queue` more heavy operations wait their turn
 *   and beyond that they are refused with SERVICE_UNAVAILABLE (HTTP 503, Retry-After). A statement
 *   that waits longer than `queueWaitMs` for its turn fails the same way: a crowd is told to come
 *   back rather than kept waiting until the execution deadline.
 * In memory, per server process, like the rate limit.
 */
import type { GraphQLError } from 'graphql';
import type { ConnectionLane } from '../db/db';
import { DomainError, ErrorCode, requestRefused } from '../errors';

/** A counting semaphore with a FIFO queue. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** A release function; rejects with `onTimeout()` if no permit came within `maxWaitMs`. */
  async acquire(maxWaitMs?: number, onTimeout?: () => Error): Promise<() => void> {
    if (this.active < this.size) this.active += 1;
    else {
      await new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        // The releaser hands its permit over by calling this waiter.
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.push(waiter);
        if (maxWaitMs === undefined) return;
        timer = setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(onTimeout?.() ?? new Error(`no permit within ${maxWaitMs} ms`));
        }, maxWaitMs);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}

export interface HeavyGateOptions {
  perCaller: number;
  connections: number;
  queue: number;
  /** How long one statement of a heavy operation may wait for a lane connection. */
  queueWaitMs: number;
}

export const RETRY_AFTER_SECONDS = { caller: 1, busy: 2 };

export class HeavyGate {
  /** Statements of admitted heavy operations take a permit of this before a pool connection. */
  readonly lane: ConnectionLane;
  private readonly connections: Semaphore;
  private readonly perCaller = new Map<string, number>();
  private admitted = 0;

  constructor(private readonly opts: HeavyGateOptions) {
    this.connections = new Semaphore(opts.connections);
    const busy = () => new DomainError(ErrorCode.SERVICE_UNAVAILABLE,
      `The server is busy with heavy operations (no connection for this one within ${opts.queueWaitMs} ms); try again shortly.`,
      { retryAfter: RETRY_AFTER_SECONDS.busy, limit: 'heavyQueueWait' });
    this.lane = { acquire: () => this.connections.acquire(opts.queueWaitMs, busy) };
  }

  /** A release function, or the error to refuse the operation with. */
  admit(caller: string): (() => void) | GraphQLError {
    const mine = this.perCaller.get(caller) ?? 0;
    if (mine >= this.opts.perCaller) {
      return requestRefused(ErrorCode.RATE_LIMITED, `Too many heavy operations at once: at most ${this.opts.perCaller} per caller; retry when one has finished.`, {
        status: 429, retryAfterSeconds: RETRY_AFTER_SECONDS.caller, extra: { limit: 'heavyPerCaller', maxHeavyPerCaller: this.opts.perCaller },
      });
    }
    if (this.admitted >= this.opts.connections + this.opts.queue) {
      return requestRefused(ErrorCode.SERVICE_UNAVAILABLE, 'The server is busy with heavy operations; try again shortly.', {
        status: 503, retryAfterSeconds: RETRY_AFTER_SECONDS.busy, extra: { limit: 'heavyConcurrent' },
      });
    }
    this.perCaller.set(caller, mine + 1);
    this.admitted += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted -= 1;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
    };
  }

  /** For tests and metrics. */
  get running(): number {
    return this.admitted;
  }
}
