import path from 'node:path';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Present when we started the database ourselves and must stop it. */
  embedded?: EmbeddedPostgres;
  /** Host:port for messages (never the password). */
  describe: string;
}

/** DATABASE_URL when set; otherwise the project's embedded PostgreSQL in DATA_DIR (kept between starts). */
export async function openDatabase(config: Config, database = 'rule_of_law'): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { url: config.databaseUrl, describe: `${u.hostname}:${u.port || 5432}${u.pathname}` };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(projectRoot, config.dataDir, 'pg'),
    database,
  });
  return { url: embedded.url, embedded, describe: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})` };
}
