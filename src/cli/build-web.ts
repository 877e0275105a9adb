/** Part of npm run build: bundle the explorer served at / and the dashboard at /dashboard (each skipped when nothing it is built from changed). */
import { buildDashboardBundle } from '../dashboard/bundle';
import { buildExplorerBundle } from '../explorer/bundle';
import type { BundleManifest } from '../web/bundle-steps';

async function timed(name: string, build: (opts: { force: boolean }) => Promise<{ manifest: BundleManifest; built: boolean }>): Promise<void> {
  const started = Date.now();
  const { manifest, built } = await build({ force: process.argv.includes('--force') });
  if (!built) return;
  const total = Object.values(manifest.files).reduce((a, b) => a + b, 0);
  console.log(`${name} bundle: ${Object.keys(manifest.files).length} files, ${total} bytes, ${Date.now() - started} ms`);
}

timed('explorer', buildExplorerBundle)
  .then(() => timed('dashboard', buildDashboardBundle))
  .catch((err) => {
    console.error(`browser bundle: ${(err as Error).message}`);
    process.exit(1);
  });
