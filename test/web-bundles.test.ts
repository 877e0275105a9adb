/**
 * The browser bundles (explorer, dashboard) are built by the test setup as by `npm run build`, and
 * a second build with the same inputs is skipped: it only hashes the sources, so `npm start` and
 * each test run stay fast.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDashboardBundle } from '../src/dashboard/bundle';
import { dashboardOutDir } from '../src/dashboard/paths';
import { buildExplorerBundle } from '../src/explorer/bundle';

it.each([['explorer', buildExplorerBundle], ['dashboard', buildDashboardBundle]])('the %s bundle is current after the setup, and not built again', async (_name, build) => {
  const started = Date.now();
  const { built, manifest } = await build();
  expect(built).toBe(false);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(Object.keys(manifest.files)).toContain('index.html');
});

it('the dashboard is one script and one stylesheet, each with its gzip copy', async () => {
  const { manifest } = await buildDashboardBundle();
  const assets = Object.keys(manifest.files).filter((f) => f !== 'index.html' && !f.endsWith('.LEGAL.txt'));
  expect(assets.map((f) => f.replace(/-\w+\./, '.')).sort()).toEqual(['dashboard/dashboard.css', 'dashboard/dashboard.css.gz', 'dashboard/dashboard.js', 'dashboard/dashboard.js.gz']);
  for (const file of assets) expect(existsSync(path.join(dashboardOutDir, 'assets', path.basename(file)))).toBe(true);
});
