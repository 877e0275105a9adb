/**
 * Builds the explorer (web/explorer: GraphiQL, React, Monaco) into static files under
 * dist/web/explorer with esbuild, at build time only: `npm run build` and the test setup call it,
 * the server merely serves what it wrote (src/explorer/static.ts). A build whose inputs (the
 * sources, package-lock.json, this file's options) are unchanged is skipped, so a second
 * `npm start` or test run costs a hash of a few files.
 *
 * Asset names carry a content hash, so the server can let browsers cache them for a year; only
 * index.html, which names them, is revalidated. Scripts, styles and fonts also get a gzip copy
 * made once here (the page is megabytes; a county network may be slow), which the server sends
 * to browsers that accept it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths';
import { bundleOptions, finishAssets, hashInputs, isCurrent, outputsByEntry, readManifest, type BundleManifest } from '../web/bundle-steps';
import { explorerAssetsDir, explorerIndexFile, explorerOutDir } from './paths';

const sourceDir = path.join(projectRoot, 'web', 'explorer');
const manifestFile = path.join(explorerOutDir, 'manifest.json');
/** Bump when the options below change, so a build with old options is not taken as current. */
const BUILD_OPTIONS_VERSION = 2;

export type ExplorerManifest = BundleManifest;

const common = bundleOptions(explorerAssetsDir);

async function buildAll(): Promise<ExplorerManifest> {
  mkdirSync(explorerAssetsDir, { recursive: true });
  // Monaco's workers first: the page needs their hashed names to start them.
  const workers = await build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
  });
  const workerFiles = outputsByEntry(workers.metafile);
  const workerNames = {
    editor: workerFiles.get('editor.worker')!.js,
    json: workerFiles.get('json.worker')!.js,
    graphql: workerFiles.get('graphql.worker')!.js,
  };
  const page = await build({
    ...common,
    entryPoints: { explorer: path.join(sourceDir, 'main.tsx') },
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    define: { EXPLORER_WORKERS: JSON.stringify(workerNames), 'process.env.NODE_ENV': '"production"' },
  });
  const main = outputsByEntry(page.metafile).get('explorer')!;
  if (!main.css) throw new Error('the explorer bundle has no stylesheet');

  const html = readFileSync(path.join(sourceDir, 'index.html'), 'utf8').replace('__JS__', main.js).replace('__CSS__', main.css);
  // Written whole and renamed into place: a server reading it meanwhile sees the old or the new page.
  writeFileSync(`${explorerIndexFile}.tmp`, html);
  renameSync(`${explorerIndexFile}.tmp`, explorerIndexFile);

  const built = [...Object.keys(workers.metafile.outputs), ...Object.keys(page.metafile.outputs)];
  const files = { 'index.html': Buffer.byteLength(html), ...finishAssets(explorerAssetsDir, built, 'explorer') };
  return { inputHash: '', files };
}

/** Builds the explorer unless an up-to-date build is there. */
export async function buildExplorerBundle(opts: { force?: boolean } = {}): Promise<{ manifest: ExplorerManifest; built: boolean }> {
  const hash = hashInputs([sourceDir, path.join(projectRoot, 'package-lock.json')], BUILD_OPTIONS_VERSION);
  const previous = readManifest(manifestFile);
  if (!opts.force && isCurrent(previous, hash, explorerOutDir)) return { manifest: previous, built: false };
  const manifest = { ...(await buildAll()), inputHash: hash };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, built: true };
}
