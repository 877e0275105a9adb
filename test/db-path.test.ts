/**
 * Our own SQL (src/db/db.ts) runs through knex's public API on MikroORM's knex: each statement is
 * counted once by the request's counter, values are real parameters, transactions are
 * all-or-nothing (COPY on the transaction's connection included), the lane and stop() hold, and
 * a full pool is the pool-busy error that src/errors.ts maps to SERVICE_UNAVAILABLE.
 */
import { Db, type ConnectionLane } from '../src/db/db';
import { copyRows } from '../src/db/copy';
import { toKnexStatement, toPgStatement } from '../src/db/placeholders';
import { raw, sql } from '../src/db/sql';
import { newStatementStats, statementLoggerContext } from '../src/db/statement-counter';
import { startTestApp, type TestApp } from './helpers/harness';
import { Agency } from '../src/modules/agency/agency.entity';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.sql('CREATE TABLE db_path_probe (id serial PRIMARY KEY, note text NOT NULL)');
});
afterAll(() => app.close());

const notes = async () => (await app.sql<{ note: string }>('SELECT note FROM db_path_probe ORDER BY id')).map((r) => r.note);
afterEach(() => app.sql('TRUNCATE db_path_probe'));

describe('statement counting', () => {
  it('counts a statement of Db once, with the $n text PostgreSQL receives; MikroORM\'s statements on the same counter too', async () => {
    const stats = newStatementStats(true);
    const rows = await new Db(app.orm, false, stats).query<{ n: number }>(sql`SELECT ${41}::int + 1 AS n`);
    const em = app.orm.em.fork({ loggerContext: statementLoggerContext(stats) });
    await em.getConnection().execute('SELECT 1', [], 'all', undefined, em.getLoggerContext());
    await em.find(Agency, { code: 'none such' });
    // Another request's Db and EntityManager are not counted here.
    await app.db.query(sql`SELECT 3`);
    await app.orm.em.fork().getConnection().execute('SELECT 4');
    expect(rows).toEqual([{ n: 42 }]);
    expect(stats.count).toBe(3);
    expect(stats.sql.slice(0, 2)).toEqual(['SELECT $1::int + 1 AS n', 'SELECT 1']);
    expect(stats.sql[2]).toMatch(/from "agency"/);
  });

  it('counts each statement of a transaction once, and not its BEGIN and COMMIT', async () => {
    const stats = newStatementStats(true);
    await new Db(app.orm, false, stats).transaction(async (tx) => {
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${'a'})`);
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${'b'})`);
    });
    expect(stats.sql).toEqual(['INSERT INTO db_path_probe (note) VALUES ($1)', 'INSERT INTO db_path_probe (note) VALUES ($1)']);
    expect(await notes()).toEqual(['a', 'b']);
  });
});

describe('transactions', () => {
  it('write nothing when fn throws: neither statements nor COPY on the transaction\'s connection', async () => {
    await expect(app.db.transaction(async (tx) => {
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${'by statement'})`);
      await copyRows(tx.client, 'db_path_probe', ['note'], [['by copy']]);
      expect((await tx.query<{ n: string }>(sql`SELECT count(*) AS n FROM db_path_probe`))[0].n).toBe('2');
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await notes()).toEqual([]);
  });

  it('commit statements and COPY together when fn resolves', async () => {
    const result = await app.db.transaction(async (tx) => {
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${'by statement'})`);
      return copyRows(tx.client, 'db_path_probe', ['note'], [['by copy']]);
    });
    expect(result).toBe(1);
    expect(await notes()).toEqual(['by statement', 'by copy']);
  });

  it('roll back when a statement fails, with PostgreSQL\'s own message and code', async () => {
    const err = await app.db.transaction(async (tx) => {
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${'x'})`);
      await tx.query(sql`INSERT INTO db_path_probe (note) VALUES (${null})`);
    }).catch((e: unknown) => e as { message: string; code: string });
    expect(err).toMatchObject({ code: '23502', message: expect.stringMatching(/^null value in column "note"/) });
    expect(await notes()).toEqual([]);
  });
});

describe('values are parameters', () => {
  const hostile = ["'); drop table db_path_probe; --", 'why? ?? ?| $1 \\? \\', '{"a": 1}'];

  it('stores hostile text verbatim', async () => {
    for (const v of hostile) await app.db.query(sql`INSERT INTO db_path_probe (note) VALUES (${v})`);
    expect(await notes()).toEqual(hostile);
  });

  it('keeps a "?" of the SQL text (jsonb operators, string literals) apart from the values', async () => {
    const doc = '{"a": 1, "b": 2}';
    const [row] = await app.db.query(sql`SELECT ${doc}::jsonb ? ${'a'} AS has, ${doc}::jsonb ?${'z'} AS adjacent,
      ${doc}::jsonb ?| ${['x', 'b']} AS any, 'why?' AS literal, ${'v?'} AS value`);
    expect(row).toEqual({ has: true, adjacent: false, any: true, literal: 'why?', value: 'v?' });
    const [plain] = await app.db.query(sql`SELECT '{"a": 1}'::jsonb ? 'a' AS has, 'why?' AS literal`);
    expect(plain).toEqual({ has: true, literal: 'why?' });
  });

  it('are data only, written as knex.raw takes them', () => {
    expect(toKnexStatement(sql`SELECT ${1}${2}, x ?${3}, '?'`)).toEqual({ knexText: 'SELECT ? ?, x \\? ?, \'\\?\'', bindings: [1, 2, 3], text: 'SELECT $1 $2, x ? $3, \'?\'' });
    expect(toKnexStatement(sql`SELECT ${undefined}`).bindings).toEqual([null]);
    expect(() => toKnexStatement(sql`SELECT ${() => 'x'}`)).toThrow(/data/);
    expect(() => toKnexStatement(sql`SELECT ${app.orm.em.getConnection().getKnex().raw('1')}`)).toThrow(/data/);
    expect(() => toKnexStatement(sql`SELECT E'\\?', ${1}`)).toThrow(/backslash/);
  });

  it('are sent by pg as knex would send them: the same text and values, the same refusals', () => {
    const cases = [sql`SELECT ${1}${2}, x ?${3}, '?'`, sql`SELECT ${undefined}`, sql`SELECT '\\${1}'`, sql`SELECT ${'x'} ?${raw('')}${2}`, sql`SELECT 1`];
    for (const q of cases) {
      const knex = (() => { try { return toKnexStatement(q); } catch (e) { return (e as Error).message; } })();
      const pg = (() => { try { return toPgStatement(q); } catch (e) { return (e as Error).message; } })();
      expect(pg).toEqual(typeof knex === 'string' ? knex : { text: knex.text, bindings: knex.bindings });
    }
    expect(() => toPgStatement(sql`SELECT ${() => 'x'}`)).toThrow(/data/);
    expect(() => toPgStatement(sql`SELECT E'\\?', ${1}`)).toThrow(/backslash/);
  });
});

describe('the lane and stop()', () => {
  it('takes a permit before each statement and gives it back after', async () => {
    const events: string[] = [];
    const lane: ConnectionLane = { acquire: async () => { events.push('permit'); return () => events.push('released'); } };
    const stats = newStatementStats(true);
    const db = new Db(app.orm, false, stats);
    db.useLane(lane);
    await db.query(sql`SELECT 1`);
    await db.transaction((tx) => tx.query(sql`SELECT 2`));
    expect(events).toEqual(['permit', 'released', 'permit', 'released']);
    expect(stats.sql).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('fails every later statement of a stopped Db with the reason', async () => {
    const db = new Db(app.orm);
    const reason = new Error('over budget');
    db.stop(reason);
    await expect(db.query(sql`SELECT 1`)).rejects.toBe(reason);
    await expect(db.transaction(async () => 1)).rejects.toBe(reason);
  });
});

describe('a full pool', () => {
  it('fails a statement and a transaction with knex\'s acquire timeout (SERVICE_UNAVAILABLE in src/errors.ts)', async () => {
    const pool = (app.orm.config.get('pool') as { max: number }).max;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    let started = 0;
    const holders = Array.from({ length: pool }, () => app.db.transaction(async () => { started += 1; await gate; }));
    while (started < pool) await new Promise((r) => setTimeout(r, 20));
    try {
      const [q, t] = await Promise.allSettled([app.db.query(sql`SELECT 1`), app.db.transaction(async () => 1)]);
      for (const r of [q, t]) expect(r).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/Timeout acquiring a connection/) } });
    } finally {
      open();
      await Promise.all(holders);
    }
    expect(await app.db.query(sql`SELECT 1 AS ok`)).toEqual([{ ok: 1 }]);
  }, 20000);
});
