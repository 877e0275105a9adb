/**
 * Serves a page an esbuild bundle wrote (the explorer, the dashboard): its index.html at one path,
 * its content-hashed assets under another. County government networks are often offline, so a
 * page loads nothing from another origin, and its Content-Security-Policy says so to the browser.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Only this origin. Monaco and ECharts' tooltips set inline styles (style-src 'unsafe-inline');
 * Monaco's workers are files of the bundle (worker-src 'self'); fonts are the bundle's too; a CSV
 * download is a blob: URL the page makes itself.
 */
export const PAGE_CSP = [
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

export interface BuiltPage {
  /** Where the page is served, e.g. / or /dashboard. */
  pagePath: string;
  /** Where its assets are served, e.g. /explorer (the page names them relative to itself). */
  assetsPath: string;
  indexFile: string;
  assetsDir: string;
  /** What to answer before a build has run. */
  notBuilt: string;
}

export function builtPageRoutes(page: BuiltPage): Router {
  const router = express.Router({ strict: true });

  router.get(page.pagePath, async (_req, res) => {
    let html: string;
    try {
      html = await readFile(page.indexFile, 'utf8');
    } catch {
      res.status(503).type('text').send(`${page.notBuilt}\n`);
      return;
    }
    // Revalidated on every load: it names the current build's assets.
    res.set({ 'cache-control': 'no-cache', 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' });
    res.type('html').send(html);
  });

  // Names carry a content hash, so a browser may keep them for a year without asking.
  const cached = { immutable: true, maxAge: '365d' };
  const headers = { 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };

  // A browser that accepts gzip gets the copy the build compressed (a fifth of the size).
  router.get(`${page.assetsPath}/:file`, (req, res, next) => {
    const file = req.params.file as string;
    if (!/^[\w.-]+\.(js|css|ttf)$/.test(file) || !req.acceptsEncodings('gzip')) return next();
    res.type(path.extname(file)); // the original's type, not application/gzip
    res.sendFile(path.join(page.assetsDir, `${file}.gz`), { ...cached, headers: { ...headers, 'content-encoding': 'gzip' } }, (err) => {
      if (err && !res.headersSent) next();
    });
  });
  router.use(page.assetsPath, express.static(page.assetsDir, { ...cached, index: false, redirect: false, setHeaders: (res) => res.set(headers) }));
  return router;
}
