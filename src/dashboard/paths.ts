/** Where the dashboard's build (src/dashboard/bundle.ts) puts the files the server serves. */
import path from 'node:path';
import { projectRoot } from '../paths';

export const dashboardOutDir = path.join(projectRoot, 'dist', 'web', 'dashboard');
/** Served at /dashboard (revalidated on every load). */
export const dashboardIndexFile = path.join(dashboardOutDir, 'index.html');
/** Served under /dashboard/ (content-hashed names, cached for a year). */
export const dashboardAssetsDir = path.join(dashboardOutDir, 'assets');
