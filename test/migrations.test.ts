/** The committed migrations produce exactly the schema the entities describe. */
import { initORM, migrate } from '../src/db/orm';
import { migrationsList } from '../src/migrations';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

describe('migrations', () => {
  let database: string;
  beforeAll(async () => {
    database = await createDatabase({ empty: true });
  });
  afterAll(() => dropDatabase(database));

  it('build the entity schema from an empty database, with nothing left for the schema generator to change', async () => {
    const orm = await initORM({ url: serverUrl(database) });
    try {
      const applied = await migrate(orm);
      expect(applied).toEqual(migrationsList.map((m) => m.name));
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
      // Running them again is a no-op.
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });
});
