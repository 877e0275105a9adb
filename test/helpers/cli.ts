import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestApp } from './harness';
import { tsRegister } from './processes';

const run = promisify(execFile);
const root = path.join(__dirname, '../..');

/** A CLI of src/cli as `npm run <name> -- …` runs it, through ts-node (cached) instead of the build, on the test's database. */
export async function runCli(app: TestApp, file: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', tsRegister, file, ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: app.url, LOG_LEVEL: 'silent' }, maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `npm run import -- …` as the README says. */
export function importCli(app: TestApp, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(app, 'src/cli/import.ts', ...args);
}
