/**
 * Serves the explorer that src/explorer/bundle.ts built: the page at / and its assets under
 * /explorer/. County government networks are often offline, so the page loads nothing from
 * another origin, and its Content-Security-Policy says so to the browser as well.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';
import { explorerAssetsDir, explorerIndexFile } from './paths';

/**
 * Only this origin. Monaco sets inline styles (style-src 'unsafe-inline'); its workers are files
 * of the bundle (worker-src 'self'); the fonts are the bundle's too.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function explorerRoutes(): Router {
  const router = express.Router();

  router.get('/', async (_req, res) => {
    let html: string;
    try {
      html = await readFile(explorerIndexFile, 'utf8');
    } catch {
      res.status(503).type('text').send('The explorer is not built: run `npm run build` (npm start does).\n');
      return;
    }
    // Revalidated on every load: it names the current build's assets.
    res.set({ 'cache-control': 'no-cache', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
    res.type('html').send(html);
  });

  // Names carry a content hash, so a browser may keep them for a year without asking.
  const cached = { immutable: true, maxAge: '365d' };
  const headers = { 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };

  // A browser that accepts gzip gets the copy the build compressed (the script: about a quarter of the size).
  router.get('/explorer/:file', (req, res, next) => {
    const file = req.params.file;
    if (!/^[\w.-]+\.(js|css|ttf)$/.test(file) || !req.acceptsEncodings('gzip')) return next();
    res.type(path.extname(file)); // the original's type, not application/gzip
    res.sendFile(path.join(explorerAssetsDir, `${file}.gz`), { ...cached, headers: { ...headers, 'content-encoding': 'gzip' } }, (err) => {
      if (err && !res.headersSent) next();
    });
  });
  router.use('/explorer', express.static(explorerAssetsDir, { ...cached, index: false, setHeaders: (res) => res.set(headers) }));
  return router;
}
