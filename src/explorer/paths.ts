/** Where the explorer's build (src/explorer/bundle.ts) puts the files the server serves. */
import path from 'node:path';
import { projectRoot } from '../paths';

export const explorerOutDir = path.join(projectRoot, 'dist', 'web', 'explorer');
/** Served at / (revalidated on every load). */
export const explorerIndexFile = path.join(explorerOutDir, 'index.html');
/** Served under /explorer/ (content-hashed names, cached for a year). */
export const explorerAssetsDir = path.join(explorerOutDir, 'assets');
