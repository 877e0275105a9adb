/** Serves the explorer that src/explorer/bundle.ts built: the page at / and its assets under /explorer/. */
import type { Router } from 'express';
import { builtPageRoutes } from '../web/static-page';
import { explorerAssetsDir, explorerIndexFile } from './paths';

export function explorerRoutes(): Router {
  return builtPageRoutes({
    pagePath: '/',
    assetsPath: '/explorer',
    indexFile: explorerIndexFile,
    assetsDir: explorerAssetsDir,
    notBuilt: 'The explorer is not built: run `npm run build` (npm start does).',
  });
}
