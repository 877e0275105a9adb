/**
 * Builds the comparison dashboard (web/dashboard: TypeScript, ECharts, the typed client of
 * clients/typescript) into dist/web/dashboard with esbuild, like the explorer (src/explorer/bundle.ts):
 * at `npm run build` and in the test setup, skipped when its inputs (its sources, the typed
 * client, package-lock.json, this file's options) are unchanged; hashed asset names, gzip copies.
 * A build of its own, so changing the dashboard does not rebuild the explorer's Monaco.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths';
import { bundleOptions, finishAssets, hashInputs, isCurrent, outputsByEntry, readManifest, type BundleManifest } from '../web/bundle-steps';
import { dashboardAssetsDir, dashboardIndexFile, dashboardOutDir } from './paths';

const sourceDir = path.join(projectRoot, 'web', 'dashboard');
const clientDir = path.join(projectRoot, 'clients', 'typescript');
const manifestFile = path.join(dashboardOutDir, 'manifest.json');
/** Bump when the options below change, so a build with old options is not taken as current. */
const BUILD_OPTIONS_VERSION = 1;

async function buildAll(): Promise<BundleManifest> {
  mkdirSync(dashboardAssetsDir, { recursive: true });
  const page = await build({
    ...bundleOptions(dashboardAssetsDir),
    entryPoints: { dashboard: path.join(sourceDir, 'main.ts') },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const main = outputsByEntry(page.metafile).get('dashboard')!;
  if (!main.css) throw new Error('the dashboard bundle has no stylesheet');
  const html = readFileSync(path.join(sourceDir, 'index.html'), 'utf8').replace('__JS__', main.js).replace('__CSS__', main.css);
  // Written whole and renamed into place: a server reading it meanwhile sees the old or the new page.
  writeFileSync(`${dashboardIndexFile}.tmp`, html);
  renameSync(`${dashboardIndexFile}.tmp`, dashboardIndexFile);
  const files = { 'index.html': Buffer.byteLength(html), ...finishAssets(dashboardAssetsDir, Object.keys(page.metafile.outputs), 'dashboard') };
  return { inputHash: '', files };
}

/** Builds the dashboard unless an up-to-date build is there. */
export async function buildDashboardBundle(opts: { force?: boolean } = {}): Promise<{ manifest: BundleManifest; built: boolean }> {
  const inputs = [sourceDir, ...['client.ts', 'graphql.ts', 'graphql-env.d.ts'].map((f) => path.join(clientDir, f)), path.join(projectRoot, 'package-lock.json')];
  const hash = hashInputs(inputs, BUILD_OPTIONS_VERSION);
  const previous = readManifest(manifestFile);
  if (!opts.force && isCurrent(previous, hash, dashboardOutDir)) return { manifest: previous, built: false };
  const manifest = { ...(await buildAll()), inputHash: hash };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, built: true };
}
