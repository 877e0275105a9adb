/**
 * What the browser bundles (src/explorer/bundle.ts, src/dashboard/bundle.ts) share: a hash of the
 * inputs so an unchanged build is skipped, the manifest that records it, and the last step of a
 * build (gzip copies of scripts, styles and fonts; files of earlier builds removed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { projectRoot } from '../paths';

export interface BundleManifest {
  inputHash: string;
  /** Files (assets under the page's asset path, index.html at the page) and their sizes in bytes; a .gz is what is sent to browsers accepting gzip. */
  files: Record<string, number>;
}

const COMPRESSED = /\.(js|css|ttf)$/;

/** Hash of every file directly in the given folders (or the given files), in name order, and of an options version. */
export function hashInputs(sources: string[], optionsVersion: number): string {
  const hash = createHash('sha256').update(`options ${optionsVersion}\n`);
  for (const source of sources) {
    const files = statSync(source).isDirectory() ? readdirSync(source).sort().map((f) => path.join(source, f)) : [source];
    for (const file of files.filter((f) => statSync(f).isFile())) hash.update(`${path.basename(file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function readManifest(file: string): BundleManifest | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BundleManifest;
  } catch {
    return null;
  }
}

/** True when the manifest was written for these inputs and every file it lists is still there. */
export function isCurrent(manifest: BundleManifest | null, inputHash: string, outDir: string): manifest is BundleManifest {
  return manifest?.inputHash === inputHash
    && Object.keys(manifest.files).every((f) => existsSync(path.join(outDir, f === 'index.html' ? f : path.join('assets', path.basename(f)))));
}

/**
 * Gzips the build's scripts, styles and fonts (a county network may be slow), removes files of
 * earlier builds (a page still open keeps what it loaded) and lists what is left with sizes.
 */
export function finishAssets(assetsDir: string, built: Iterable<string>, servedUnder: string): Record<string, number> {
  const current = new Set([...built].map((f) => path.basename(f)));
  for (const file of [...current].filter((f) => COMPRESSED.test(f))) {
    writeFileSync(path.join(assetsDir, `${file}.gz`), gzipSync(readFileSync(path.join(assetsDir, file)), { level: 9 }));
    current.add(`${file}.gz`);
  }
  const files: Record<string, number> = {};
  for (const file of readdirSync(assetsDir).sort()) {
    if (!current.has(file)) rmSync(path.join(assetsDir, file));
    else files[`${servedUnder}/${file}`] = statSync(path.join(assetsDir, file)).size;
  }
  return files;
}

/** esbuild options every page uses: one minified script per entry, named by content hash. */
export function bundleOptions(outdir: string) {
  return {
    absWorkingDir: projectRoot,
    bundle: true,
    minify: true,
    format: 'iife' as const,
    target: 'es2022',
    outdir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true as const,
    logLevel: 'warning' as const,
    legalComments: 'linked' as const,
  };
}

/** Output file names (relative to the assets folder) of each entry point, by entry name. */
export function outputsByEntry(metafile: Metafile): Map<string, { js: string; css?: string }> {
  const byEntry = new Map<string, { js: string; css?: string }>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint || !file.endsWith('.js')) continue;
    const name = path.basename(file).replace(/-[A-Z0-9]+\.js$/, '');
    byEntry.set(name, { js: path.basename(file), css: output.cssBundle ? path.basename(output.cssBundle) : undefined });
  }
  return byEntry;
}
