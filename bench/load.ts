/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for the answer,
 * send the next, for `seconds`. Used for the API (over HTTP) and for the bare-SQL floor alike, so
 * both are timed the same way. Latencies are kept whole, so percentiles are exact.
 */
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export async function runLoad(task: (worker: number, i: number) => Promise<boolean>, concurrency: number, seconds: number, minRequests = 1): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      if (process.hrtime.bigint() > deadline && latencies.length >= minRequests) return;
      const t0 = process.hrtime.bigint();
      let ok = false;
      try {
        ok = await task(w, i);
      } catch {
        ok = false;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: round(elapsed),
    rps: round(latencies.length / elapsed),
    p50: round(pct(0.5)),
    p95: round(pct(0.95)),
    p99: round(pct(0.99)),
    max: round(latencies[latencies.length - 1] ?? 0),
  };
}

/**
 * How the benchmarks send a GraphQL POST and read its answer. `http` (the default): node:http with
 * a keep-alive agent, the answer kept as bytes and checked for errors as bytes. `fetch`: Node's
 * fetch and `text()`, as every run before 2026-11-30 did. That client spent 4-7 ms of CPU per W2
 * answer (undici's web streams, and decoding the 75 kB answer into one string, 1 ms in Node 20)
 * against 1.7-2 ms for `http`, on the same 2 cores as the server and PostgreSQL; its time was in
 * every latency measured, not in the floors'.
 */
export type HttpClient = 'http' | 'fetch';

const agents = new Map<string, http.Agent>();

export async function postGraphql(client: HttpClient, url: string, headers: Record<string, string>, body: object): Promise<{ status: number; ok: boolean }> {
  const payload = JSON.stringify(body);
  if (client === 'fetch') {
    const res = await fetch(url, { method: 'POST', headers, body: payload });
    const text = await res.text();
    return { status: res.status, ok: res.status === 200 && !text.includes('"errors"') };
  }
  const target = new URL(url);
  let agent = agents.get(target.host);
  // Idle sockets are closed before the server's keep-alive timeout (5 s) would close them under a request.
  if (!agent) agents.set(target.host, (agent = new http.Agent({ keepAlive: true, timeout: 3000 })));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answer = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ok: res.statusCode === 200 && !answer.includes('"errors"') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** `--client http|fetch` (see HttpClient). */
export function httpClientOption(argv: string[]): HttpClient {
  const i = argv.indexOf('--client');
  const value = i >= 0 ? argv[i + 1] : 'http';
  if (value !== 'http' && value !== 'fetch') throw new Error(`--client must be http or fetch, not ${value}`);
  return value;
}
