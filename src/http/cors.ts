/**
 * Cross-origin requests to /graphql, for frontends and hosted explorers on another origin.
 * CORS_ORIGINS decides which origins may call: a comma-separated list (they also get credentials),
 * `*` (any origin, never with credentials) or `none`. Unset: in development any http://localhost or
 * http://127.0.0.1 port (a dev server), in production none. The API key travels in the
 * Authorization header, which preflight allows; browsers send no cookies to it unless listed.
 */
import cors, { type CorsOptions } from 'cors';
import type { Request } from 'express';
import type { CorsPolicy } from '../config';

const LOCAL_DEV = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

const COMMON: CorsOptions = {
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['content-type', 'authorization', 'x-debug-sql', 'x-request-id', 'x-read-after-lsn', 'apollo-require-preflight'],
  exposedHeaders: ['retry-after', 'x-request-id', 'x-read-after-lsn'],
  maxAge: 600,
};

export function corsMiddleware(policy: CorsPolicy) {
  const listed = new Set(policy.origins);
  return cors((req: Request, callback: (err: Error | null, options?: CorsOptions) => void) => {
    const origin = req.get('origin');
    const isListed = origin !== undefined && listed.has(origin);
    const allowed = isListed || (origin !== undefined && (policy.any || (policy.localDev && LOCAL_DEV.test(origin))));
    // false: no CORS headers at all, so the browser keeps the response from the page.
    callback(null, allowed ? { ...COMMON, origin, credentials: isListed } : { origin: false });
  });
}
