import { Client } from 'pg';

/**
 * Runs fn (migrations, the first seeding) while holding a PostgreSQL advisory lock, so that two
 * processes starting at once on one database (two `npm start`, a start beside `npm run migrate`)
 * take turns instead of both creating the same tables. Ending the session releases the lock.
 */
export async function withSetupLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'rule-of-law-graph setup lock' });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('rule-of-law-graph setup'))`);
    return await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}
