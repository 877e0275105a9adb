import path from 'node:path';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { defaultLabel, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Present when the database is the project's embedded PostgreSQL (started here or joined). */
  embedded?: EmbeddedPostgres;
  /** Host:port for messages (never the password). */
  describe: string;
  /** Leave the database: the embedded server stops only when no other process (a running server, a CLI) uses it. */
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the project's embedded PostgreSQL in DATA_DIR (kept between
 * starts), shared with whichever of our processes already runs it.
 */
export async function openDatabase(config: Config, database = 'rule_of_law', label = defaultLabel()): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { url: config.databaseUrl, describe: `${u.hostname}:${u.port || 5432}${u.pathname}`, release: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(projectRoot, config.dataDir, 'pg'),
    database,
    label,
  });
  return {
    url: embedded.url,
    embedded,
    describe: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`,
    release: () => embedded.stop(),
  };
}
