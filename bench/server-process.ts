/** The benchmarked server as its own process (a built checkout's dist/), and its CPU time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../src/db/embedded-postgres';

/** Starts `dir`'s dist/src/main.js in production mode on `databaseUrl`; resolves with its GraphQL URL once ready. */
export async function startBenchServer(dir: string, databaseUrl: string, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(path.resolve(dir), 'dist/src/main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', DB_POOL_SIZE: '16', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /GraphQL server ready at (\S+)/.exec(out);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  return { child, url };
}

/** CPU time (user + system, ms) a process and its children (cluster workers) have used so far, from /proc. */
export function cpuMs(pid: number): number | null {
  const stat = (p: string) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
  try {
    let ticks = 0;
    for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const f = stat(p);
        // f[1] is the parent pid; f[11], f[12] utime and stime in clock ticks (USER_HZ 100)
        if (p === String(pid) || f[1] === String(pid)) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // a process that ended meanwhile
      }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}
