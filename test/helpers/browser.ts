/**
 * A real headless Chromium for browser tests: the one the npm package @sparticuz/chromium ships
 * (unpacked into the temp folder on first use), driven by playwright-core. Nothing is downloaded.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

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
