/**
 * Issue 14's "adding a record type touches its folder, a migration and one registry line", done
 * for real: a small record type (complaints about enforcement, 行政执法投诉) is written the way a
 * feature folder would hold it: an entity, a record declaration naming properties, a feature
 * object, then its table (the migration) and one more entry in the features list. Nothing else
 * is edited, and the schema built from that list serves it: a root list with filters and orders,
 * the forward field to its agency and the child lists on Agency and County, checked against the
 * rows by plain SQL. (Made up for the test: no such table exists in the product.)
 */
import { Entity, ManyToOne, MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { graphql, type GraphQLSchema } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../src/common/global-id';
import { Node } from '../src/common/node';
import { loadConfig } from '../src/config';
import { createContext } from '../src/context';
import { ormConfig } from '../src/db/orm';
import { entities } from '../src/entities';
import { features } from '../src/features';
import { createLogger } from '../src/logger';
import { agencyFilters } from '../src/modules/agency/agency-filters';
import { Agency } from '../src/modules/agency/agency.entity';
import { Role } from '../src/modules/auth/api-key.entity';
import { countyFilters } from '../src/modules/geography/geography-filters';
import { RecordBase } from '../src/modules/geography/record-base';
import { dateFilters, idFilter, idOrder, provenanceFilter } from '../src/query/common-fields';
import type { Feature } from '../src/query/feature';
import { record } from '../src/query/record';
import { buildSchemaFor } from '../src/schema';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

// --- src/modules/complaint/complaint.entity.ts
@ObjectType({ implements: Node, description: 'A complaint about an enforcement action (行政执法投诉).' })
@Entity({ tableName: 'complaint' })
class Complaint extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Agency, { description: 'The agency complained about.' })
  @ManyToOne({ entity: () => Agency })
  agency!: Agency;

  @Field(() => String, { description: 'Date received (受理日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  receivedOn!: string;

  @Field({ description: 'What it is about.' })
  @Property({ type: 'text' })
  topic!: string;

  get globalId(): string {
    return toGlobalId('Complaint', this.id);
  }
}

// --- src/modules/complaint/complaint.decl.ts
const complaintDecl = record(Complaint, {
  records: true,
  plural: 'complaints',
  mainDate: 'receivedOn',
  filters: [idFilter('Complaint'), ...countyFilters(), ...agencyFilters(), ...dateFilters('receivedOn', 'Date received.'), { name: 'topic', path: 'topic', description: 'Words of the topic.' }, provenanceFilter()],
  orders: [idOrder(), { name: 'RECEIVED_ON', path: 'receivedOn' }],
  defaultOrder: [{ field: 'RECEIVED_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'complaints', description: 'Complaints about enforcement (行政执法投诉).' },
  reverse: { Agency: { description: 'Complaints about the agency.' }, County: { description: 'Complaints in the county.' } },
});

// --- src/modules/complaint/complaint.feature.ts
const complaintFeature: Feature = { name: 'complaint', entities: [Complaint], records: [complaintDecl] };

// --- src/features.ts: the one registry line
const withComplaints = [...features, complaintFeature];

// --- the migration
const MIGRATION = `
  CREATE TABLE complaint (
    id serial PRIMARY KEY,
    county_id int NOT NULL REFERENCES county (id),
    agency_id int NOT NULL REFERENCES agency (id),
    received_on date NOT NULL,
    topic text NOT NULL,
    provenance text NOT NULL,
    source text NOT NULL)`;

let database: string;
let orm: MikroORM;
let schema: GraphQLSchema;
const ANALYST = { keyId: null, role: Role.ANALYST, countyCode: null, countyId: null, label: 'test analyst' };

beforeAll(async () => {
  database = await createDatabase();
  orm = await MikroORM.init({ ...ormConfig({ url: serverUrl(database), poolSize: 2 }), entities: withComplaints.flatMap((f) => f.entities) });
  const sql = orm.em.getConnection();
  await sql.execute(MIGRATION);
  // Three synthetic complaints about the two agencies with the lowest ids.
  await sql.execute(`INSERT INTO complaint (county_id, agency_id, received_on, topic, provenance, source)
    SELECT a.county_id, a.id, DATE '2023-03-01' + n, 'topic ' || n, 'SYNTHETIC', 'made up for a test'
      FROM (SELECT id, county_id FROM agency ORDER BY id LIMIT 2) a CROSS JOIN generate_series(0, 1) n
     WHERE NOT (a.id = (SELECT max(id) FROM (SELECT id FROM agency ORDER BY id LIMIT 2) x) AND n = 1)`);
  schema = await buildSchemaFor(withComplaints);
});

afterAll(async () => {
  await orm?.close(true);
  if (database) await dropDatabase(database);
});

async function ask(source: string, variableValues: Record<string, unknown> = {}) {
  const contextValue = createContext({ orm, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: createLogger('silent') }, { viewer: ANALYST });
  const res = await graphql({ schema, source, variableValues, contextValue });
  expect(res.errors).toBeUndefined();
  return res.data as Record<string, any>;
}

it('nothing else was edited: the shared lists do not know the new type', () => {
  expect(entities).not.toContain(Complaint);
  expect(features.some((f) => f.name === 'complaint')).toBe(false);
});

it('gets a root list with filters and orders, a forward field and child lists on its parents', async () => {
  const fields = (type: string) => Object.keys((schema.getType(type) as unknown as { getFields(): object }).getFields());
  expect(fields('Query')).toContain('complaints');
  expect(fields('Complaint')).toEqual(expect.arrayContaining(['id', 'agency', 'county', 'receivedOn', 'topic', 'provenance', 'source']));
  expect(fields('Agency')).toContain('complaints');
  expect(fields('County')).toContain('complaints');
  expect(fields('ComplaintFilter')).toEqual(expect.arrayContaining(['agencyLevel', 'agencyCode', 'countyCode', 'receivedOn', 'year', 'topic', 'and', 'or', 'not']));
});

it('answers as the rows say, both ways', async () => {
  const rows = await orm.em.getConnection().execute<{ id: number; agency_id: number; received_on: string }[]>(`SELECT id, agency_id, to_char(received_on, 'YYYY-MM-DD') AS received_on FROM complaint ORDER BY received_on, id`);
  expect(rows).toHaveLength(3);
  const data = await ask(`{ complaints(orderBy: [{ field: RECEIVED_ON, direction: ASC }]) { totalCount nodes { id receivedOn agency { id complaints { totalCount } } } } }`);
  expect(data.complaints.totalCount).toBe(3);
  expect(data.complaints.nodes.map((n: any) => [n.id, n.receivedOn, n.agency.id])).toEqual(rows.map((r) => [toGlobalId('Complaint', r.id), r.received_on, toGlobalId('Agency', r.agency_id)]));
  for (const n of data.complaints.nodes) {
    expect(n.agency.complaints.totalCount).toBe(rows.filter((r) => toGlobalId('Agency', r.agency_id) === n.agency.id).length);
  }
  const filtered = await ask(`query ($a: ID!) { county(code: "410726") { complaints(filter: { agencyId: { eq: $a }, year: { eq: 2023 } }) { totalCount } } }`, { a: toGlobalId('Agency', rows[0].agency_id) });
  expect(filtered.county.complaints.totalCount).toBe(rows.filter((r) => r.agency_id === rows[0].agency_id).length);
});
