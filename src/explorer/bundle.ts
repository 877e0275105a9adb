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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { projectRoot } from '../paths';
import { explorerAssetsDir, explorerIndexFile, explorerOutDir } from './paths';

const sourceDir = path.join(projectRoot, 'web', 'explorer');
const manifestFile = path.join(explorerOutDir, 'manifest.json');
/** Bump when the options below change, so a build with old options is not taken as current. */
const BUILD_OPTIONS_VERSION = 2;
const COMPRESSED = /\.(js|css|ttf)$/;

export interface ExplorerManifest {
  inputHash: string;
  /** Files (under /explorer/, index.html at /) and their sizes in bytes; a .gz is what is sent to browsers accepting gzip. */
  files: Record<string, number>;
}

function inputHash(): string {
  const hash = createHash('sha256').update(`options ${BUILD_OPTIONS_VERSION}\n`);
  for (const file of readdirSync(sourceDir).sort()) {
    hash.update(`${file}\n`).update(readFileSync(path.join(sourceDir, file)));
  }
  return hash.update(readFileSync(path.join(projectRoot, 'package-lock.json'))).digest('hex');
}

function readManifest(): ExplorerManifest | null {
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8')) as ExplorerManifest;
  } catch {
    return null;
  }
}

/** Output file names (relative to the assets folder) of each entry point, by entry name. */
function outputsByEntry(metafile: Metafile): Map<string, { js: string; css?: string }> {
  const byEntry = new Map<string, { js: string; css?: string }>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint || !file.endsWith('.js')) continue;
    const name = path.basename(file).replace(/-[A-Z0-9]+\.js$/, '');
    byEntry.set(name, { js: path.basename(file), css: output.cssBundle ? path.basename(output.cssBundle) : undefined });
  }
  return byEntry;
}

const common = {
  absWorkingDir: projectRoot,
  bundle: true,
  minify: true,
  format: 'iife' as const,
  target: 'es2022',
  outdir: explorerAssetsDir,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true as const,
  logLevel: 'warning' as const,
  legalComments: 'linked' as const,
};

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

  const current = new Set([...Object.keys(workers.metafile.outputs), ...Object.keys(page.metafile.outputs)].map((f) => path.basename(f)));
  for (const file of [...current].filter((f) => COMPRESSED.test(f))) {
    writeFileSync(path.join(explorerAssetsDir, `${file}.gz`), gzipSync(readFileSync(path.join(explorerAssetsDir, file)), { level: 9 }));
    current.add(`${file}.gz`);
  }
  const files: Record<string, number> = { 'index.html': Buffer.byteLength(html) };
  for (const file of readdirSync(explorerAssetsDir).sort()) {
    // Files of an earlier build are removed (a page still open keeps what it loaded).
    if (!current.has(file)) rmSync(path.join(explorerAssetsDir, file));
    else files[`explorer/${file}`] = statSync(path.join(explorerAssetsDir, file)).size;
  }
  return { inputHash: '', files };
}

/** Builds the explorer unless an up-to-date build is there. */
export async function buildExplorerBundle(opts: { force?: boolean } = {}): Promise<{ manifest: ExplorerManifest; built: boolean }> {
  const hash = inputHash();
  const previous = readManifest();
  if (!opts.force && previous?.inputHash === hash && existsSync(explorerIndexFile)
    && Object.keys(previous.files).every((f) => existsSync(path.join(explorerOutDir, f === 'index.html' ? f : path.join('assets', path.basename(f)))))) {
    return { manifest: previous, built: false };
  }
  const manifest = { ...(await buildAll()), inputHash: hash };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, built: true };
}
