import type { TestApp } from './harness';

/** Tables that count requests rather than hold data: every HTTP request writes them. */
const OPERATIONAL = ['rate_limit_window'];

/** md5 of every row of every table of ours, in a stable order: equal checksums mean equal data. */
export async function tableChecksums(app: Pick<TestApp, 'sql'>, excluded: string[] = []): Promise<Record<string, string>> {
  const exclude = [...OPERATIONAL, ...excluded];
  const tables = await app.sql<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (exclude.includes(table_name)) continue;
    const [row] = await app.sql<{ sum: string | null; n: string }>(
      `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum, count(*) AS n FROM "${table_name}" t`);
    out[table_name] = `${row.n}:${row.sum ?? ''}`;
  }
  return out;
}
