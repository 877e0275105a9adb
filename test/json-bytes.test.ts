/**
 * Columns named JSON_BYTES_COLUMN come as the bytes PostgreSQL sent (src/db/json-bytes.ts) on every
 * pool connection: our Db's statements on both pools and in a transaction, and MikroORM's. The
 * bytes are those of the text a plain pg client reads; other columns, and the next statements on
 * the same connection, are read as pg reads them. Rows far larger than a socket read come whole
 * (the parser reuses its buffer, so each value is copied), and a statement failing after its first
 * rows leaves the connection reading text again.
 */
import { Client } from 'pg';
import { JSON_BYTES_COLUMN } from '../src/db/json-bytes';
import { Db } from '../src/db/db';
import { toKnexStatement, toPgStatement } from '../src/db/placeholders';
import { join, raw, reusingPlan, sql, type Sql } from '../src/db/sql';
import { serverUrl, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let plain: Client;
beforeAll(async () => {
  // One connection per pool: the statements after each run on the connection it ran on.
  app = await startTestApp({ poolSize: 1 });
  plain = new Client({ connectionString: serverUrl(app.database) });
  await plain.connect();
});
afterAll(async () => {
  await plain.end();
  await app.close();
});

const column = raw(JSON_BYTES_COLUMN);
const names = ['延津县城市管理局', '文岩街道😀', 'plain "quoted" \\ text', ''];

/** Rows of a number, a name, and JSON text about it in the bytes column (NULL for the last). */
const statement = (): Sql => sql`SELECT n, name, CASE WHEN n < 4 THEN json_build_object('n', n, 'name', name)::text END AS ${column}
  FROM unnest(ARRAY[${join(names.map((name) => sql`${name}::text`))}]) WITH ORDINALITY AS t(name, n) ORDER BY n`;

interface Row { n: string; name: string; [JSON_BYTES_COLUMN]: unknown }

/** Each way a statement reaches a pool connection. */
const paths: Record<string, (q: Sql) => Promise<Row[]>> = {
  'Db, planned for its values': (q) => new Db(app.orm).query<Row>(q),
  'Db, reusing its plan (the second pool)': (q) => new Db(app.orm).query<Row>(reusingPlan(q)),
  'Db, in a transaction': (q) => new Db(app.orm).transaction((tx) => tx.query<Row>(q)),
  'MikroORM': (q) => {
    const { knexText, bindings } = toKnexStatement(q);
    return app.orm.em.fork().getConnection().execute<Row[]>(knexText, bindings as unknown[]);
  },
};

describe.each(Object.entries(paths))('%s', (_, run) => {
  it('gives the JSON column as the bytes of the text a plain client reads, and every other column as pg reads it', async () => {
    const { text, bindings } = toPgStatement(statement());
    const expected = (await plain.query<Row>(text, bindings as unknown[])).rows;
    expect(expected.map((r) => typeof r[JSON_BYTES_COLUMN])).toEqual(['string', 'string', 'string', 'object']);
    const rows = await run(statement());
    expect(rows.map((r) => [Number(r.n), r.name])).toEqual(expected.map((r) => [Number(r.n), r.name]));
    rows.forEach((row, i) => {
      const json = expected[i][JSON_BYTES_COLUMN] as string | null;
      if (json === null) return expect(row[JSON_BYTES_COLUMN]).toBeNull();
      expect(Buffer.isBuffer(row[JSON_BYTES_COLUMN])).toBe(true);
      expect((row[JSON_BYTES_COLUMN] as Buffer).equals(Buffer.from(json, 'utf8'))).toBe(true);
      expect(JSON.parse((row[JSON_BYTES_COLUMN] as Buffer).toString('utf8'))).toEqual({ n: i + 1, name: names[i] });
    });
    // The next statement on the connection, without such a column, reads text as text.
    const [after] = await run(sql`SELECT 1 AS n, ${names[0]}::text AS name, NULL AS other`);
    expect(after.name).toBe(names[0]);
  });
});

it('rows far larger than a socket read come whole, each value its own bytes', async () => {
  // 40 rows of 40-200 kB: messages span many reads, and the parser moves a partial one to the front of its buffer.
  const unit = '{"caseNumber":"410726-CGJ-XK-2023-00296","township":{"name":"东屯镇"}},';
  const rows = await new Db(app.orm).query<{ i: number; [JSON_BYTES_COLUMN]: Buffer }>(reusingPlan(sql`SELECT i, '[' || repeat(${unit}::text, 400 + i * 47) || 'null]' AS ${column}
    FROM generate_series(1, 40) AS i ORDER BY i`));
  expect(rows).toHaveLength(40);
  for (const row of rows) {
    const text = `[${unit.repeat(400 + row.i * 47)}null]`;
    expect(row[JSON_BYTES_COLUMN].equals(Buffer.from(text, 'utf8'))).toBe(true);
  }
});

it('a statement that fails after its first rows leaves the connection reading text as text', async () => {
  const db = new Db(app.orm);
  await expect(db.query(reusingPlan(sql`SELECT n, CASE WHEN n = 3 THEN 1 / (n - 3) END AS d, 'x' AS ${column} FROM generate_series(1, 5) AS n`))).rejects.toMatchObject({ code: '22012' });
  const [row] = await db.query<{ t: unknown }>(reusingPlan(sql`SELECT ${names[1]}::text AS t`));
  expect(row.t).toBe(names[1]);
});
