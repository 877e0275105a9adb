/**
 * Record reads by key and unfiltered pages run as prepared statements with generic plans, on a
 * second pool whose sessions force them (src/db/prepared-statements.ts). For every generated list
 * (root and child lists, read as rows and as JSON) and every node type read by id, the answer is
 * that of a server planning every statement for its values (DB_REUSE_PLANS=false, same database),
 * and the statement was prepared. Then: the pools' sessions are in the modes they should be; a
 * connection keeps at most MAX_PREPARED_PER_CONNECTION statements and evicted ones run again; a
 * column added behind the server's back does not break a prepared `SELECT *`; a filtered page is
 * planned for its values.
 */
import { objectTypeName, registeredPageFields } from '../src/graphql/json-pages';
import { MAX_PREPARED_PER_CONNECTION } from '../src/db/prepared-statements';
import { raw, reusingPlan, sql } from '../src/db/sql';
import { startTestApp, type GqlResult, type TestApp } from './helpers/harness';

let app: TestApp;
let plain: TestApp;
beforeAll(async () => {
  // One connection per pool, so the statements prepared on it can be listed from it.
  app = await startTestApp({ poolSize: 1 });
  plain = await startTestApp({ database: app.database, env: { DB_REUSE_PLANS: 'false' } });
});
afterAll(async () => {
  await plain.close();
  await app.close();
});

interface Prepared {
  name: string;
  statement: string;
  generic_plans: number;
  custom_plans: number;
}

/** The statements prepared on the plan-reusing pool's one connection (asked on that connection). */
async function prepared(): Promise<Prepared[]> {
  return app.db.query<Prepared>(reusingPlan(sql`SELECT name, statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE name LIKE 'rlg\\_%'`));
}

const answer = (res: GqlResult) => ({ data: res.data ?? null, errors: res.errors ?? null });

/** The answer of `query` from both servers (twice from `app`: interpreted, then compiled), equal; the statements `app` sent. */
async function same(query: string, variables?: Record<string, unknown>): Promise<string[]> {
  const expected = await plain.gql(query, variables);
  expect(expected.errors).toBeUndefined();
  const texts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await app.gql(query, variables);
    expect({ query, run: i, answer: answer(res) }).toEqual({ query, run: i, answer: answer(expected) });
    texts.push(...res.sql);
  }
  return texts;
}

/** `texts` include a statement `match` picks, and each one picked is prepared on the connection now. */
async function expectPrepared(query: string, texts: string[], match: (text: string) => boolean): Promise<void> {
  const picked = texts.filter(match);
  expect({ query, picked: picked.length > 0 }).toEqual({ query, picked: true });
  const held = new Set((await prepared()).map((p) => p.statement));
  for (const text of picked) expect({ query, text, prepared: held.has(text) }).toEqual({ query, text, prepared: true });
}

const pageStatement = (text: string) => /\bLIMIT\b/.test(text);

describe('every generated list and node type (from the registry the schema fills)', () => {
  const lists = () => registeredPageFields();
  const roots = () => lists().filter((l) => l.parentType === 'Query');

  it('root lists: the same answer, their pages and counts prepared', async () => {
    expect(roots().length).toBeGreaterThanOrEqual(5);
    for (const { field } of roots()) {
      const query = `{ ${field}(first: 3) { totalCount pageInfo { hasNextPage } nodes { id } } }`;
      await expectPrepared(query, await same(query), (t) => pageStatement(t) || /^SELECT count\(\*\)/.test(t));
    }
  });

  it('child lists (under a county, or under a root list of their parent): the same answer, their pages prepared', async () => {
    const children = lists().filter((l) => l.parentType !== 'Query');
    expect(children.length).toBeGreaterThanOrEqual(10);
    let reached = 0;
    for (const { parentType, field } of children) {
      const inner = `{ totalCount nodes { id } }`;
      const root = roots().find((p) => objectTypeName(p.entity) === parentType);
      const query = parentType === 'County' ? `{ county(code: "410726") { ${field}(first: 4) ${inner} } }`
        : root ? `{ ${root.field}(first: 3) { nodes { ${field}(first: 4) ${inner} } } }` : null;
      if (!query) continue;
      reached += 1;
      await expectPrepared(query, await same(query), (t) => t.includes('CROSS JOIN LATERAL'));
    }
    expect(reached).toBeGreaterThanOrEqual(10);
  });

  it('node(id) of every type with a root list: the same answer, read by key as a prepared statement', async () => {
    for (const { field, entity } of roots()) {
      const type = objectTypeName(entity);
      const ids = ((await plain.gql(`{ ${field}(first: 2) { nodes { id } } }`)).data![field].nodes as { id: string }[]).map((n) => n.id);
      expect({ field, ids: ids.length > 0 }).toEqual({ field, ids: true });
      const query = `query ($a: ID!, $b: ID!) { a: node(id: $a) { id ... on ${type} { __typename } } b: node(id: $b) { id } }`;
      const texts = await same(query, { a: ids[0], b: ids.at(-1) });
      // Indicators are keyed by their code (ENF_PENALTY_TOTAL), read through MikroORM; the rest by their numeric id.
      const key = Buffer.from(ids[0], 'base64url').toString().split(':')[1];
      if (/^\d+$/.test(key)) await expectPrepared(query, texts, (t) => /WHERE "id" = ANY\(\$1::int\[\]\)/.test(t));
      else expect({ type, key }).toEqual({ type: 'Indicator', key: expect.stringMatching(/^[A-Z_]+$/) });
    }
  });
});

describe('the two pools', () => {
  it('sessions of the plan-reusing pool force generic plans; the other pool plans for the values', async () => {
    const mode = `SELECT current_setting('plan_cache_mode') AS mode`;
    expect(await app.db.query(reusingPlan(sql`${raw(mode)}`))).toEqual([{ mode: 'force_generic_plan' }]);
    expect(await app.db.query(sql`${raw(mode)}`)).toEqual([{ mode: 'auto' }]);
  });

  it('a statement is prepared once, then run with its generic plan for other values, with their rows', async () => {
    const townships = await app.sql<{ id: number; name: string }>('SELECT id, name FROM township ORDER BY id LIMIT 4');
    const read = (ids: number[]) => app.db.query<{ id: number; name: string }>(reusingPlan(sql`SELECT id, name FROM township WHERE id = ANY(${ids}::int[]) ORDER BY id`));
    for (const ids of [[townships[0].id], [townships[1].id, townships[2].id], townships.map((t) => t.id)]) {
      expect(await read(ids)).toEqual(townships.filter((t) => ids.includes(t.id)));
    }
    const [statement] = (await prepared()).filter((p) => p.statement.startsWith('SELECT id, name FROM township'));
    expect(statement).toMatchObject({ generic_plans: 3, custom_plans: 0 });
  });

  it(`a connection keeps at most ${MAX_PREPARED_PER_CONNECTION} statements; the ones it let go run again`, async () => {
    const run = (i: number) => app.db.query<{ k: number; v: number }>(reusingPlan(sql`SELECT ${raw(String(i))}::int AS k, ${i * 2}::int AS v`));
    const count = MAX_PREPARED_PER_CONNECTION + 20;
    for (let i = 0; i < count; i++) expect(await run(i)).toEqual([{ k: i, v: 2 * i }]);
    const held = await prepared();
    expect(held.length).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
    // The most recent ones are held, the first ones were let go.
    expect(held.some((p) => p.statement === `SELECT ${count - 1}::int AS k, $1::int AS v`)).toBe(true);
    expect(held.some((p) => p.statement === 'SELECT 0::int AS k, $1::int AS v')).toBe(false);
    for (let i = 0; i < 5; i++) expect(await run(i)).toEqual([{ k: i, v: 2 * i }]);
  });

  it('a column added behind the server\'s back: a prepared SELECT * answers with it', async () => {
    const [{ id }] = await app.sql<{ id: number }>('SELECT id FROM township ORDER BY id LIMIT 1');
    const read = () => app.db.query<Record<string, unknown>>(reusingPlan(sql`SELECT * FROM township WHERE id = ANY(${[id]}::int[])`));
    expect((await read())[0]).not.toHaveProperty('added_behind_its_back');
    await app.sql('ALTER TABLE township ADD COLUMN added_behind_its_back int DEFAULT 7');
    try {
      expect((await read())[0]).toMatchObject({ id, added_behind_its_back: 7 });
    } finally {
      await app.sql('ALTER TABLE township DROP COLUMN added_behind_its_back');
    }
    expect((await read())[0]).not.toHaveProperty('added_behind_its_back');
  });

  it('a filtered page is planned for its values (not prepared); the same page unfiltered is prepared', async () => {
    const filtered = `{ enforcementCases(first: 3, filter: { actionType: { eq: INSPECTION } }) { totalCount nodes { caseNumber actionType } } }`;
    const texts = await same(filtered);
    const held = new Set((await prepared()).map((p) => p.statement));
    expect(texts.filter(pageStatement).length).toBeGreaterThan(0);
    for (const text of texts) expect(held.has(text)).toBe(false);
    const unfiltered = `{ enforcementCases(first: 3) { totalCount nodes { caseNumber actionType } } }`;
    await expectPrepared(unfiltered, await same(unfiltered), pageStatement);
  });
});
