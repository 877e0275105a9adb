/** The committed migrations produce exactly the schema the entities describe. */
import { initORM, migrate } from '../src/db/orm';
import { migrationsList } from '../src/migrations';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

/**
 * What the entities cannot say about the national layout (Migration20261129160000, checked from the
 * catalog by test/national-layout.test.ts): keys of record tables that lead with county_id (and
 * hold the partition date), foreign keys to (county_id, id) of agencies, townships and records, the
 * per-partition copies of a foreign key to a partitioned table, the id index of partitioned tables,
 * and the sampled case's date a trigger keeps. The generator would put the single-column keys back.
 */
const LAYOUT_TABLES = ['enforcement_case', 'legality_review', 'supervision_inspection', 'training', 'task_force_meeting', 'litigation_case',
  'enforcement_officer', 'task_force', 'task_force_member', 'case_file_review', 'case_file_review_item', 'agency', 'township'];
function layoutOnly(statement: string): boolean {
  const constraint = /^alter table "(\w+)" (?:drop constraint "\w+?_(?:pkey|foreign(?:_\d+)?|unique)"|add constraint "\w+?_(?:pkey|foreign|unique)" (?:primary key|foreign key|unique) .*);$/.exec(statement);
  if (constraint) return LAYOUT_TABLES.includes(constraint[1]);
  const idIndex = /^drop index "(\w+)_id_index";$/.exec(statement);
  if (idIndex) return LAYOUT_TABLES.includes(idIndex[1]);
  return statement === 'alter table "case_file_review_item" drop column "case_decided_on";';
}

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
      expect(diff.split('\n').map((l) => l.trim()).filter((l) => l && !layoutOnly(l))).toEqual([]);
      // Running them again is a no-op.
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });
});
