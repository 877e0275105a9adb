import type { TestApp } from './harness';

/** Waits until the server's data-changes listener is connected (a fresh server connects in the background), at most 5 s. */
export async function listening(app: TestApp): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const rows = await app.sql(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'rule-of-law-graph data changes' AND query ILIKE 'LISTEN%'`);
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server never listened for data changes');
}
