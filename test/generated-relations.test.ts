/**
 * Every generated relation (src/graphql/relations.ts), both directions, for every case it is
 * generated for: the loop runs over the schema's own fields (every field returning a node type
 * that is a many-to-one, every child connection of every parent type), and each answer is
 * compared with the foreign keys read by plain SQL. Two parents are asked in one request where
 * the data has two, so the batched path is the one checked.
 */
import { getNamedType, isNonNullType, isObjectType, parse, type GraphQLObjectType, type OperationDefinitionNode } from 'graphql';
import { toGlobalId } from '../src/common/global-id';
import { entities } from '../src/entities';
import { measureOperation } from '../src/graphql/query-cost';
import { DEFAULT_PAGE_SIZE } from '../src/query/connection';
import { Role } from '../src/modules/auth/api-key.entity';
import { getSchema } from '../src/schema';
import { startTestApp, type TestApp } from './helpers/harness';
import { keyOf } from './helpers/ids';

const ADMIN = { keyId: null, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface M2O { child: string; table: string; property: string; column: string; parent: string; nullable: boolean }

/** Many-to-one columns as the database has them (information_schema), by table and column. */
async function foreignKeys(): Promise<Map<string, string>> {
  // Column by column; of a record table's composite key, (county_id, agency_id) -> agency (county_id, id)
  // or (county_id, enforcement_case_id, case_decided_on) -> enforcement_case (county_id, id, decided_on),
  // the relation is the column that names the parent's id (the rest say "same county, that year").
  const rows = await app.sql<{ table_name: string; column_name: string; target: string }>(`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name, c.confrelid::regclass::text AS target
      FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, ref)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
      JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = k.ref
     WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conparentid = 0
       AND (cardinality(c.conkey) = 1 OR r.attname = 'id')`);
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.target]));
}

function tableOf(typeName: string): string {
  return app.orm.getMetadata().get(typeName).tableName;
}

const nodeTypes = new Set(entities.filter((e) => Object.getOwnPropertyDescriptor(e.prototype, 'globalId')).map((e) => e.name));

/** Forward fields the schema exposes on entity types: a field named after a many-to-one property, of the target's type. */
async function forwardCases(): Promise<M2O[]> {
  const schema = await getSchema();
  const cases: M2O[] = [];
  for (const entity of entities) {
    const type = schema.getType(entity.name);
    if (!type || !isObjectType(type)) continue;
    const meta = app.orm.getMetadata().get(entity.name);
    for (const prop of Object.values(meta.properties)) {
      if (prop.kind !== 'm:1' || prop.primary) continue;
      const field = type.getFields()[prop.name];
      if (!field) continue;
      cases.push({ child: entity.name, table: meta.tableName, property: prop.name, column: prop.fieldNames[0], parent: getNamedType(field.type).name, nullable: !isNonNullType(field.type) });
    }
  }
  return cases;
}

describe('forward fields (child -> parent)', () => {
  it('cover every exposed many-to-one property, and each answers the parent the foreign key names', async () => {
    const fks = await foreignKeys();
    const cases = await forwardCases();
    const tested: string[] = [];
    for (const c of cases) {
      // The foreign key the database holds points at the parent's table.
      expect([c.child, c.property, fks.get(`${c.table}.${c.column}`)]).toEqual([c.child, c.property, tableOf(c.parent)]);
      const rows = await app.sql<{ id: number; parent: number | null }>(
        `(SELECT id, ${c.column} AS parent FROM ${c.table} WHERE ${c.column} IS NOT NULL ORDER BY id LIMIT 2)
         UNION ALL (SELECT id, NULL FROM ${c.table} WHERE ${c.column} IS NULL ORDER BY id LIMIT 1)`);
      expect(rows.length).toBeGreaterThan(0);
      let got: { parent: string | null }[];
      if (nodeTypes.has(c.child)) {
        const res = await app.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ${c.child} { parent: ${c.property} { id } } } }`,
          { ids: rows.map((r) => toGlobalId(c.child, r.id)) }, ADMIN);
        expect(res.errors).toBeUndefined();
        got = res.data!.nodes.map((n: { parent: { id: string } | null }) => ({ parent: n.parent?.id ?? null }));
      } else {
        // ReportRevision is not a node: reach it through its report.
        expect(c.child).toBe('ReportRevision');
        const res = await app.gql(`{ reports(first: 100) { nodes { revisions { revision parent: report { id } } } } }`, {}, ADMIN);
        const byRevisionId = new Map((await app.sql<{ id: number; report_id: number; revision: number }>('SELECT id, report_id, revision FROM report_revision'))
          .map((r) => [`${r.report_id}:${r.revision}`, r.id]));
        const all = res.data!.reports.nodes.flatMap((r: { revisions: { revision: number; parent: { id: string } }[] }) => r.revisions
          .map((v) => ({ id: byRevisionId.get(`${keyOf(v.parent.id)}:${v.revision}`), parent: v.parent.id })));
        got = rows.map((r) => ({ parent: all.find((a: { id: number }) => a.id === r.id)?.parent ?? null }));
      }
      expect(got).toEqual(rows.map((r) => ({ parent: r.parent === null ? null : toGlobalId(c.parent, r.parent) })));
      tested.push(`${c.child}.${c.property}`);
    }
    // Every entity's many-to-one exposed in the schema was checked (the list grows with the schema, not with this test).
    expect(tested.length).toBe(cases.length);
    expect(tested).toEqual(expect.arrayContaining(['EnforcementCase.agency', 'EnforcementCase.township', 'Training.organizer', 'LitigationCase.defendantAgency', 'ReportRevision.report', 'City.province']));
  });
});

interface Reverse { parent: string; field: string; child: string }

/** Every field of a node type that returns a child connection. */
async function reverseCases(): Promise<Reverse[]> {
  const schema = await getSchema();
  const cases: Reverse[] = [];
  for (const name of nodeTypes) {
    const type = schema.getType(name) as GraphQLObjectType | undefined;
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type).name;
      const child = named.replace(/Connection$/, '');
      // Record connections only (stats fields return group connections, tested by the stats oracle).
      if (!named.endsWith('Connection') || !nodeTypes.has(child)) continue;
      cases.push({ parent: name, field: field.name, child });
    }
  }
  return cases;
}

/** The child rows of each parent by plain SQL: the child's foreign key to the parent's table (or the task-force member table). */
async function expectedChildren(c: Reverse, parentIds: number[]): Promise<Map<number, number[]>> {
  const childTable = tableOf(c.child);
  let rows: { parent: number; id: number }[];
  if (c.child === 'TaskForce' && c.parent === 'Agency') {
    rows = await app.sql('SELECT agency_id AS parent, task_force_id AS id FROM task_force_member WHERE agency_id = ANY($1)', [parentIds]);
  } else {
    const fks = await foreignKeys();
    const columns = [...fks].filter(([k, target]) => k.startsWith(`${childTable}.`) && target === tableOf(c.parent)).map(([k]) => k.split('.')[1]);
    expect(columns).toHaveLength(1);
    rows = await app.sql(`SELECT ${columns[0]} AS parent, id FROM ${childTable} WHERE ${columns[0]} = ANY($1)`, [parentIds]);
  }
  const out = new Map<number, number[]>(parentIds.map((p) => [p, []]));
  for (const r of rows) out.get(r.parent)!.push(r.id);
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

describe('child lists (parent -> children)', () => {
  it('cover every child connection of every node type, and each lists exactly the rows whose foreign key names the parent', async () => {
    const cases = await reverseCases();
    const tested: string[] = [];
    for (const c of cases) {
      // Up to two parents with children (the ones with the fewest), asked in one request.
      const all = await app.sql<{ id: number }>(`SELECT id FROM ${tableOf(c.parent)} ORDER BY id`);
      const counts = await expectedChildren(c, all.map((r) => r.id));
      const parents = [...counts].filter(([, ids]) => ids.length > 0).sort((a, b) => a[1].length - b[1].length || a[0] - b[0]).slice(0, 2).map(([id]) => id);
      expect([c.parent, c.field, parents.length > 0]).toEqual([c.parent, c.field, true]);
      const res = await app.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ${c.parent} { list: ${c.field}(first: 100) { totalCount nodes { id } } } } }`,
        { ids: parents.map((id) => toGlobalId(c.parent, id)) }, ADMIN);
      expect(res.errors).toBeUndefined();
      res.data!.nodes.forEach((n: { list: { totalCount: number; nodes: { id: string }[] } }, i: number) => {
        const expected = counts.get(parents[i])!;
        const got = n.list.nodes.map((x) => keyOf(x.id)).sort((a, b) => a - b);
        // A page of 100: all of them when they fit, else 100 of them.
        const fits = expected.length <= 100;
        expect([c.parent, c.field, n.list.totalCount, fits ? got : got.length]).toEqual([c.parent, c.field, expected.length, fits ? expected : 100]);
        expect(got.filter((id) => !expected.includes(id))).toEqual([]);
        expect(n.list.nodes.every((x) => x.id.length > 0 && toGlobalId(c.child, keyOf(x.id)) === x.id)).toBe(true);
      });
      tested.push(`${c.parent}.${c.field}`);
    }
    expect(tested).toEqual(expect.arrayContaining([
      'County.enforcementCases', 'County.taskForceMeetings', 'County.caseFileReviewItems', 'Agency.trainings', 'Agency.taskForces',
      'Agency.caseFileReviewItems', 'Township.agencies', 'Township.enforcementCases', 'TaskForce.meetings', 'CaseFileReview.items',
      'EnforcementCase.caseFileReviews', 'Report.figures',
    ]));
    expect(tested.length).toBe(cases.length);
  });
});

describe('query cost of the generated child lists', () => {
  it('every child list costs its page size times its selection, whatever its name (default page and first: 7)', async () => {
    const schema = await getSchema();
    const cost = (parent: string, field: string, page: string) => {
      const doc = parse(`{ node(id: "x") { ... on ${parent} { ${field}${page} { nodes { id } } } } }`);
      return measureOperation(schema, doc.definitions[0] as OperationDefinitionNode, {}, {}, { maxDepth: 12, defaultPageSize: DEFAULT_PAGE_SIZE, defaultGroupPageSize: 100 }).cost;
    };
    const cases = await reverseCases();
    expect(cases.length).toBeGreaterThan(20);
    // node + the list + its nodes field + one id per item: 3 + n, the same for every child list.
    const got = cases.map((c) => [`${c.parent}.${c.field}`, cost(c.parent, c.field, ''), cost(c.parent, c.field, '(first: 7)')]);
    expect(got).toEqual(cases.map((c) => [`${c.parent}.${c.field}`, 3 + DEFAULT_PAGE_SIZE, 3 + 7]));
  });
});
