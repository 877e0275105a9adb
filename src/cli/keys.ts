/**
 * npm run keys -- create --role analyst|editor|admin [--county 410726] [--label "who"]
 * npm run keys -- list
 * npm run keys -- revoke <id>
 * The secret is printed once; only its hash is stored.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { Db } from '../db/db';
import { initORM, migrate } from '../db/orm';
import { withSetupLock } from '../db/setup-lock';
import { Role } from '../modules/auth/api-key.entity';
import { createKey, listKeys, revokeKey } from '../modules/auth/keys.service';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (!['create', 'list', 'revoke'].includes(command ?? '')) {
    console.error('usage: npm run keys -- create --role analyst|editor|admin [--county <code>] [--label <text>] | list | revoke <id>');
    return 2;
  }
  const handle = await openDatabase(loadConfig());
  const orm = await initORM({ url: handle.url });
  try {
    await withSetupLock(handle.url, () => migrate(orm));
    const db = new Db(orm);
    if (command === 'create') {
      const role = (option('role') ?? '').toUpperCase() as Role;
      const key = await createKey(db, role, option('county') ?? null, option('label') ?? `${role.toLowerCase()} key`);
      console.log(`created key ${key.id} (${key.role}${key.countyCode ? `, county ${key.countyCode}` : ''}). The secret, shown only now:`);
      console.log(key.secret);
    } else if (command === 'list') {
      for (const k of await listKeys(db)) {
        console.log(`${String(k.id).padStart(4)}  ${k.prefix}…  ${k.role.padEnd(7)} ${(k.county_code ?? '').padEnd(6)}  ${k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active'}  ${k.label}`);
      }
    } else {
      const id = Number(process.argv[3]);
      if (!Number.isInteger(id)) throw new Error('revoke needs a key id (see list)');
      console.log((await revokeKey(db, id)) ? `revoked key ${id}` : `no active key ${id}`);
    }
    return 0;
  } finally {
    await orm.close(true);
    await handle.release();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`keys: ${(err as Error).message}`);
  process.exit(1);
});
