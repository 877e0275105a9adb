/**
 * A real headless Chromium for browser tests: the one the npm package @sparticuz/chromium ships
 * (unpacked into the temp folder on first use), driven by playwright-core. Nothing is downloaded.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const screenshotDir = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'chromium.mjs')], { timeout: 120_000 });
  const { executablePath, args } = JSON.parse(stdout) as { executablePath: string; args: string[] };
  // A second try covers a first start that loses a race with another process unpacking the same binary.
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({ executablePath, args, headless: true, timeout: 60_000 });
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}

/**
 * A page of `context` whose traffic and errors are recorded: every request of the page and its
 * workers (`requested`, to prove nothing leaves the origin) and every console error or uncaught
 * exception (`consoleErrors`).
 */
export async function watchedPage(context: BrowserContext, requested: string[], consoleErrors: string[]): Promise<Page> {
  context.on('request', (request) => requested.push(request.url()));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  return page;
}

/** Waits until the dashboard has drawn what its current address asks for (body data-state and data-route). */
export async function dashboardReady(page: Page): Promise<void> {
  // A function, not a string: the page's CSP forbids evaluating strings. The tests' TypeScript has no DOM types.
  await page.waitForFunction(() => {
    const { document, location } = globalThis as unknown as { document: { body: { dataset: Record<string, string> } }; location: { hash: string } };
    return document.body.dataset.state === 'ready' && document.body.dataset.route === location.hash;
  });
}

/** The recorded requests that went to another origin than `origin` (blob: and data: URLs stay in the page). */
export function offOrigin(requested: string[], origin: string): string[] {
  return requested.filter((url) => !/^(blob|data):/.test(url) && new URL(url).origin !== origin);
}
