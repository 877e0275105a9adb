/**
 * Requests per minute per caller, in a fixed one-minute window that starts at the caller's first
 * request. The caller is named by `callerOf` (server.ts: the resolved API key id, or the client
 * address for anonymous requests and for unknown, revoked or malformed keys), never by the raw
 * header, so respelling it starts no new count.
 *
 * Counted in PostgreSQL (rate-limit-store.ts), so the limit holds across every server process on
 * one database: never more than `perMinute` let through a window, all processes together. Not
 * one statement per request: each process leases blocks of hits and serves them on its own
 * (rate-limit-leases.ts). Small limits (under 32 a minute) are claimed one hit at a time, as
 * before; for larger ones a request may be refused while other processes still hold unused
 * hits, at most min(64, ⌊perMinute / 16⌋) per other process (the bound is in rate-limit-leases.ts).
 *
 * When the store errs or is late on a claim, `failure` decides: 'open' answers the request,
 * counted by this process alone meanwhile (a per-process limit is better than none); 'closed'
 * refuses it with 503 SERVICE_UNAVAILABLE. Neither is ever a 500. Hits already leased are still
 * served while the store fails: they were granted.
 */
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import { Leases } from './rate-limit-leases';
import { RateLimitStoreError, WINDOW_SECONDS, type RateLimitStore } from './rate-limit-store';
import type { NextFunction, Request, Response } from 'express';

export interface RateLimitOptions {
  perMinute: number;
  store: RateLimitStore;
  failure: 'open' | 'closed';
  callerOf: (req: Request, res: Response) => string;
  logger: Logger;
}

interface Hit {
  /** Requests in the caller's current window, this one included. */
  hits: number;
  /** Seconds until that window ends (at least 1). */
  retryAfterSeconds: number;
}

/** How often a failing store is logged (not once per request). */
const LOG_EVERY_MS = 30_000;

/** This process's own counts: the fallback while the shared store fails open. */
class LocalWindows {
  private windowStart = Date.now();
  private counts = new Map<string, number>();

  hit(who: string): Hit {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_SECONDS * 1000) {
      this.windowStart = now;
      this.counts = new Map();
    }
    const hits = (this.counts.get(who) ?? 0) + 1;
    this.counts.set(who, hits);
    return { hits, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + WINDOW_SECONDS * 1000 - now) / 1000)) };
  }
}

export function rateLimit(opts: RateLimitOptions) {
  const { perMinute, store, failure, callerOf, logger } = opts;
  const leases = new Leases(store, perMinute);
  const local = new LocalWindows();
  let loggedAt = 0;

  const refuse = (res: Response, retryAfterSeconds: number) => {
    res.setHeader('retry-after', String(retryAfterSeconds));
    res.status(429).json({ errors: [{ message: `Too many requests: at most ${perMinute} a minute; retry in ${retryAfterSeconds} s.`, extensions: { code: ErrorCode.RATE_LIMITED } }] });
  };

  const storeFailed = (err: unknown) => {
    if (Date.now() - loggedAt < LOG_EVERY_MS) return;
    loggedAt = Date.now();
    logger.warn({ err: (err as Error).message, failure }, `rate-limit store unavailable: failing ${failure}`);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const who = callerOf(req, res);
    leases.take(who).then(
      (verdict) => (verdict.allowed ? next() : refuse(res, verdict.retryAfterSeconds)),
      (err: unknown) => {
        if (!(err instanceof RateLimitStoreError)) return next(err);
        storeFailed(err);
        if (failure === 'closed') {
          res.setHeader('retry-after', '2');
          res.status(503).json({ errors: [{ message: 'The rate limiter cannot reach its store; try again shortly.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
          return;
        }
        const hit = local.hit(who);
        if (hit.hits > perMinute) refuse(res, hit.retryAfterSeconds);
        else next();
      },
    );
  };
}
