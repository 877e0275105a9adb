import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_SERVER_URL!.replace('__DB__', process.env.TEST_ADMIN_DB!);
  const admin = new Client({ connectionString: url });
  await admin.connect().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${process.env.TEST_TEMPLATE_DB} WITH (FORCE)`).catch(() => undefined);
  // Databases cloned by test files that crashed before dropping theirs.
  const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [process.env.TEST_DB_PREFIX]).catch(() => ({ rows: [] }));
  for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  await globalThis.__TEST_PG__?.stop();
}
