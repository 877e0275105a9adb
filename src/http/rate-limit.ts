/**
 * Requests per minute per API key (per client address without one), in a fixed one-minute
 * window. In memory: each server counts its own; behind a load balancer the limit is per server.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export function rateLimit(perMinute: number) {
  let windowStart = Date.now();
  let counts = new Map<string, number>();
  return (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      counts = new Map();
    }
    const auth = req.get('authorization');
    const who = auth ? `key:${createHash('sha256').update(auth).digest('hex')}` : `ip:${req.ip}`;
    const n = (counts.get(who) ?? 0) + 1;
    counts.set(who, n);
    if (n > perMinute) {
      const retry = Math.ceil((windowStart + 60_000 - now) / 1000);
      res.setHeader('retry-after', String(retry));
      res.status(429).json({ errors: [{ message: `Too many requests: at most ${perMinute} a minute; retry in ${retry} s.`, extensions: { code: 'RATE_LIMITED' } }] });
      return;
    }
    next();
  };
}
