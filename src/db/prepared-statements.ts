/**
 * Statements marked `reusesPlan` (src/db/sql.ts) run as named prepared statements with a generic
 * plan: each connection parses and plans one once, then only binds and executes it. A page of
 * W2 (50 agencies, 20 cases each, as JSON) spent 0.7-1.0 ms of its 3.5 ms planning (EXPLAIN ANALYZE).
 *
 * PostgreSQL's own choice (plan_cache_mode = auto) keeps custom plans for these statements, so they
 * run on a pool of their own whose sessions force generic plans. That setting applies to every
 * statement of a session, unnamed ones too, and the other statements' plans must see their values
 * (the aggregates' year filters and groupings): switching one session back and forth cost a round
 * trip each way (county stats at c=1: 125 -> 107 req/s).
 */
import { createHash } from 'node:crypto';
import { knex as createKnex, type Knex, type MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { keepRecent } from '../common/recent-entries';

/** Prepared statements a connection keeps; the least recently used one is deallocated for the next. */
export const MAX_PREPARED_PER_CONNECTION = 100;

const pools = new WeakMap<MikroORM, Knex>();
const withoutPlanReuse = new WeakSet<MikroORM>();

/** DB_REUSE_PLANS=false: every statement of `orm` is unnamed and planned for its values, on its one pool. */
export function turnOffPlanReuse(orm: MikroORM): void {
  withoutPlanReuse.add(orm);
}

/**
 * The ORM's second pool: its connection settings and size (statement timeouts, stalled-connection
 * checks, acquire timeout and the error it gives), sessions with generic plans. Made on first use;
 * closing the ORM closes it. None when plan reuse is off.
 */
export function planReusingKnex(orm: MikroORM): Knex | undefined {
  if (withoutPlanReuse.has(orm)) return undefined;
  const existing = pools.get(orm);
  if (existing) return existing;
  const config = orm.em.getConnection().getKnex().client.config as Knex.Config & { connection: object };
  // Every property as it is defined (the password is not enumerable, so that it stays out of logs).
  const connection = Object.defineProperties({}, Object.getOwnPropertyDescriptors(config.connection)) as Record<string, unknown>;
  connection.options = '-c plan_cache_mode=force_generic_plan';
  const created = createKnex({ ...config, connection });
  pools.set(orm, created);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    pools.delete(orm);
    await created.destroy();
    return close(force);
  };
  return created;
}

/** The names of the statements prepared on each connection, least recently used first. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/** pg's record of the statements it parsed on the connection (it skips Parse for those). */
function parsedStatements(client: PoolClient): Record<string, string> {
  return (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
}

function forget(client: PoolClient, prepared: Set<string>, name: string): void {
  prepared.delete(name);
  delete parsedStatements(client)[name];
  // Queued ahead of the caller's next statement; an error (never prepared: its Parse failed) changes nothing.
  client.query(`DEALLOCATE ${name}`).catch(() => undefined);
}

/** A plan made before a column was added (a migration while serving) cannot run `SELECT *`; PostgreSQL asks for a new one. */
const isStalePlan = (err: unknown) => (err as { code?: string } | null)?.code === '0A000' && /cached plan must not change result type/.test(String((err as Error).message));

/** Statement names by text, for the texts seen last (a Map finds a text faster than SHA-1 hashes it again). */
const names = new Map<string, string>();
const NAMES_KEPT = 1_000;

/** The same text, the same statement: its name is a hash of the text. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) keepRecent(names, text, (name = `rlg_${createHash('sha1').update(text).digest('hex')}`), NAMES_KEPT);
  return name;
}

/** Runs `text` on a connection of planReusingKnex as the prepared statement named after it. */
export async function runPrepared<R extends QueryResultRow>(client: PoolClient, text: string, values: unknown[]): Promise<QueryResult<R>> {
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  const name = statementName(text);
  if (prepared.has(name)) prepared.delete(name);
  else if (prepared.size >= MAX_PREPARED_PER_CONNECTION) forget(client, prepared, prepared.values().next().value as string);
  prepared.add(name);
  try {
    return await client.query<R>({ name, text, values });
  } catch (err) {
    if (!isStalePlan(err)) throw err;
    forget(client, prepared, name);
    prepared.add(name);
    return await client.query<R>({ name, text, values });
  }
}
