/**
 * Requests per minute per caller, in a fixed one-minute window. The caller is named by `callerOf`
 * (server.ts: the resolved API key id, or the client address for anonymous requests and for
 * unknown, revoked or malformed keys), never by the raw header, so respelling it starts no new count.
 * In memory: each server counts its own; behind a load balancer the limit is per server.
 */
import { ErrorCode } from '../errors';
import type { NextFunction, Request, Response } from 'express';

export function rateLimit(perMinute: number, callerOf: (req: Request, res: Response) => string) {
  let windowStart = Date.now();
  let counts = new Map<string, number>();
  return (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      counts = new Map();
    }
    const who = callerOf(req, res);
    const n = (counts.get(who) ?? 0) + 1;
    counts.set(who, n);
    if (n > perMinute) {
      const retry = Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000));
      res.setHeader('retry-after', String(retry));
      res.status(429).json({ errors: [{ message: `Too many requests: at most ${perMinute} a minute; retry in ${retry} s.`, extensions: { code: ErrorCode.RATE_LIMITED } }] });
      return;
    }
    next();
  };
}
