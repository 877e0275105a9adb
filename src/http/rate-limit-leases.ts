/**
 * This process's leases on the shared rate limit: for each caller, the hits the store granted it
 * (rate-limit-store.ts) and not yet used, until the caller's window ends. A request takes one
 * without the database; only a request that finds none claims a new block. One claim per caller
 * is in flight at a time: the requests that find the block empty meanwhile wait for that claim,
 * then take from it, and those it does not cover claim again (or are refused).
 *
 * A claim that gets nothing is remembered for up to a second: a caller pressing past its limit
 * costs one statement a second per process, not one per request, and a count reset in the table
 * (by an operator, or the tests) is heard within that second.
 *
 * Early refusals: a process asks for a new block only when its own is empty, so when one is
 * refused, every hit of the window has been granted and the only ones not yet served are those
 * other processes hold, at most one block each: `largestBlock(perMinute)`, which is
 * min(64, max(1, ⌊perMinute / 16⌋)). With P processes a caller is let through at least
 * perMinute − (P − 1) · largestBlock(perMinute) times a window (fewer only if a process holding a
 * block stops or sees no more of the caller's requests before the window ends), never more than
 * perMinute.
 */
import { type RateLimitStore } from './rate-limit-store';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Lease {
  left: number;
  endsAt: number;
  /** After a claim that got nothing: refuse without asking again until then. */
  refusedUntil: number;
}

/** How long a refusal is trusted without asking the store again. */
const REFUSAL_KEPT_MS = 1000;
/** Leases of windows that ended are dropped this often (on the next claim). */
const PRUNE_EVERY_MS = 60_000;

export class Leases {
  private readonly leases = new Map<string, Lease>();
  private readonly claiming = new Map<string, Promise<void>>();
  private prunedAt = Date.now();

  constructor(private readonly store: RateLimitStore, private readonly perMinute: number) {}

  /** Lets one request of `caller` through or refuses it; throws the store's error when a claim it needed failed. */
  async take(caller: string): Promise<Verdict> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(caller);
      if (lease && now < lease.endsAt) {
        if (lease.left > 0) {
          lease.left--;
          return { allowed: true };
        }
        if (now < lease.refusedUntil) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((lease.endsAt - now) / 1000)) };
      }
      let pending = this.claiming.get(caller);
      if (!pending) {
        pending = this.claim(caller).finally(() => this.claiming.delete(caller));
        this.claiming.set(caller, pending);
      }
      // Then look again: the block may be shared out among more waiters than it holds.
      await pending;
    }
  }

  private async claim(caller: string): Promise<void> {
    this.prune();
    const { granted, endsAt } = await this.store.claim(caller, this.perMinute);
    this.leases.set(caller, { left: granted, endsAt, refusedUntil: granted > 0 ? 0 : Math.min(endsAt, Date.now() + REFUSAL_KEPT_MS) });
  }

  private prune(): void {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    for (const [caller, lease] of this.leases) if (lease.endsAt <= now) this.leases.delete(caller);
  }
}
