/** Part of npm run build: bundle the explorer served at / (skipped when nothing it is built from changed). */
import { buildExplorerBundle } from '../explorer/bundle';

const started = Date.now();
buildExplorerBundle({ force: process.argv.includes('--force') })
  .then(({ manifest, built }) => {
    if (!built) return;
    const total = Object.values(manifest.files).reduce((a, b) => a + b, 0);
    console.log(`explorer bundle: ${Object.keys(manifest.files).length} files, ${total} bytes, ${Date.now() - started} ms`);
  })
  .catch((err) => {
    console.error(`explorer bundle: ${(err as Error).message}`);
    process.exit(1);
  });
