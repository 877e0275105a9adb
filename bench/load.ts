/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for the answer,
 * send the next, for `seconds`. Used for the API (over HTTP) and for the bare-SQL floor alike, so
 * both are timed the same way. Latencies are kept whole, so percentiles are exact.
 */
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
