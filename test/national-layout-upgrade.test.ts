/**
 * Migration20261129160000 on a database that already holds records (the test template migrates
 * empty tables, then seeds): every row keeps its values and id, lands in its year's partition or
 * the default one, and the rows added afterwards keep the sequences going.
 */
import { Client } from 'pg';
import { initORM } from '../src/db/orm';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

const LAYOUT = 'Migration20261129160000';
const BEFORE = 'Migration20261129140000';

describe('the national layout migration on existing rows', () => {
  let database: string;
  let db: Client;
  beforeAll(async () => {
    database = await createDatabase({ empty: true });
    db = new Client({ connectionString: serverUrl(database) });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  it('moves every row into the partitioned tables unchanged', async () => {
    const orm = await initORM({ url: serverUrl(database) });
    try {
      await orm.getMigrator().up({ to: BEFORE });
      await db.query(`
        INSERT INTO province (id, code, name) VALUES (1, '990000', 'P');
        INSERT INTO city (id, code, name, province_id) VALUES (1, '990100', 'C', 1);
        INSERT INTO county (id, code, name, kind, city_id) VALUES (1, '990101', 'A', 'COUNTY', 1), (2, '990102', 'B', 'COUNTY', 1);
        INSERT INTO township (id, code, name, kind, county_id, source) VALUES (1, '990101001', 'T', 'TOWN', 1, 's');
        INSERT INTO agency (id, code, name, level, county_id, provenance, source) VALUES (1, '990101-A', 'A1', 'COUNTY_DEPARTMENT', 1, 'IMPORTED', 's'),
          (2, '990102-A', 'B1', 'COUNTY_DEPARTMENT', 2, 'IMPORTED', 's');
        SELECT setval('agency_id_seq', 2);
        INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, township_id, action_type, decided_on, fine_amount_fen)
          VALUES (1, 'IMPORTED', 's', 'K-1', 1, 1, 'PENALTY', '2019-03-04', 100), (1, 'IMPORTED', 's', 'K-2', 1, NULL, 'INSPECTION', '2023-12-31', 0),
                 (2, 'IMPORTED', 's', 'K-1', 2, NULL, 'PENALTY', '1990-06-01', 5);
        INSERT INTO task_force (county_id, provenance, source, code, name, kind) VALUES (1, 'IMPORTED', 's', 'TF', 'F', 'TASK_FORCE');
        INSERT INTO task_force_member (task_force_id, agency_id, lead) VALUES (1, 1, true);
        INSERT INTO task_force_meeting (county_id, provenance, source, task_force_id, held_on, title) VALUES (1, 'IMPORTED', 's', 1, '2022-02-02', 'm');
        INSERT INTO case_file_review (county_id, provenance, source, kind, held_on, title) VALUES (1, 'IMPORTED', 's', 'ROUTINE', '2023-05-05', 'r');
        INSERT INTO case_file_review_item (county_id, provenance, source, review_id, enforcement_case_id, agency_id, problems_found) VALUES (1, 'IMPORTED', 's', 1, 2, 1, 3);
        INSERT INTO litigation_case (county_id, provenance, source, case_number, kind, heard_on) VALUES (2, 'IMPORTED', 's', 'L-1', 'CIVIL', '2024-01-01');`);
      const cases = async () => (await db.query(`SELECT id, county_id, case_number, agency_id, township_id, decided_on::text, fine_amount_fen::int FROM enforcement_case ORDER BY id`)).rows;
      const before = await cases();

      await orm.getMigrator().up({ to: LAYOUT });

      expect(await cases()).toEqual(before);
      const where = await db.query<{ table: string; case_number: string }>(`SELECT tableoid::regclass::text AS table, case_number FROM enforcement_case ORDER BY id`);
      expect(where.rows).toEqual([
        { table: 'enforcement_case_2019', case_number: 'K-1' },
        { table: 'enforcement_case_2023', case_number: 'K-2' },
        { table: 'enforcement_case_default', case_number: 'K-1' },
      ]);
      expect((await db.query(`SELECT county_id, task_force_id, agency_id, lead FROM task_force_member`)).rows).toEqual([{ county_id: 1, task_force_id: 1, agency_id: 1, lead: true }]);
      expect((await db.query(`SELECT enforcement_case_id, case_decided_on::text FROM case_file_review_item`)).rows).toEqual([{ enforcement_case_id: 2, case_decided_on: '2023-12-31' }]);
      expect((await db.query(`SELECT tableoid::regclass::text AS t FROM litigation_case`)).rows).toEqual([{ t: 'litigation_case_2024' }]);
      // The sequences go on where they were.
      const next = await db.query<{ id: number }>(`INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, action_type, decided_on)
        VALUES (1, 'IMPORTED', 's', 'K-3', 1, 'GUIDANCE', '2024-04-04') RETURNING id`);
      expect(next.rows[0].id).toBe(4);
      // A moved decision date carries the sampled file's copy of it along (ON UPDATE CASCADE).
      await db.query(`UPDATE enforcement_case SET decided_on = '2024-01-02' WHERE id = 2`);
      expect((await db.query(`SELECT case_decided_on::text FROM case_file_review_item`)).rows).toEqual([{ case_decided_on: '2024-01-02' }]);
      // A case of county 2 cannot name county 1's agency any more.
      await expect(db.query(`UPDATE enforcement_case SET agency_id = 1 WHERE county_id = 2`)).rejects.toThrow(/enforcement_case_agency_id_foreign/);
    } finally {
      await orm.close(true);
    }
  });
});
