/** Serves the dashboard that src/dashboard/bundle.ts built: the page at /dashboard, its assets under /dashboard/. */
import express, { type Router } from 'express';
import { builtPageRoutes } from '../web/static-page';
import { dashboardAssetsDir, dashboardIndexFile } from './paths';

export function dashboardRoutes(): Router {
  const router = express.Router({ strict: true });
  // The page names its assets relative to /dashboard; from /dashboard/ they would not resolve.
  router.get('/dashboard/', (_req, res) => res.redirect(301, '/dashboard'));
  router.use(builtPageRoutes({
    pagePath: '/dashboard',
    assetsPath: '/dashboard',
    indexFile: dashboardIndexFile,
    assetsDir: dashboardAssetsDir,
    notBuilt: 'The dashboard is not built: run `npm run build` (npm start does).',
  }));
  return router;
}
