import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { relocatedClusterDir } from '../../src/db/postgres-as-root';

const run = promisify(execFile);
export const root = path.join(__dirname, '../..');
/** In place of `-r ts-node/register/transpile-only`: the same transpilation, cached on disk (see ts-register.js). */
export const tsRegister = path.join(__dirname, 'ts-register.js');

/** A clean environment: no DATABASE_URL or test variables leak from the test run into the child. */
function baseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}), ...env };
}

export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  ready: Promise<string>;
}

/** `npm start` (src/main.ts through ts-node, cached, instead of the build). */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['-r', tsRegister, 'src/main.ts'], {
    cwd: root,
    env: baseEnv({ LOG_LEVEL: 'info', ...env }),
  });
  let out = '';
  let onReady: (url: string) => void;
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    const m = out.match(/GraphQL server ready at (\S+)/);
    if (m) onReady(m[1]);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited, ready };
}

/** The URL once ready, or the output as an error if the process exits first. */
export function whenReady(p: MainProcess): Promise<string> {
  return Promise.race([p.ready, p.exited.then(() => { throw new Error(p.output()); })]);
}

/** `npm run <command> -- …` as the README says (a .ts entry point through ts-node), with the given environment. */
export async function runCommand(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', tsRegister, file, ...args], {
      cwd: root, env: baseEnv({ LOG_LEVEL: 'silent', ...env }), maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Removes a DATA_DIR and, as root, the cluster kept elsewhere for it (see src/db/postgres-as-root.ts). */
export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await rm(path.dirname(relocatedClusterDir(path.join(dataDir, 'pg'))), { recursive: true, force: true });
}
