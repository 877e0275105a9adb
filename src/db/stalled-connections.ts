/**
 * A statement the database never answered (pg's query_timeout, set in src/db/orm.ts) is still in
 * flight on its connection: handing that connection out again would queue every later statement
 * behind it. Each pool connection is watched from its creation, whichever layer runs the
 * statement (MikroORM, knex, our Db), and dropped when that happens.
 */
import type { PoolClient } from 'pg';
import { isReadTimeout } from '../errors';


/** knex drops a connection marked disposed the next time the pool validates it. */
function discard(client: PoolClient): void {
  (client as unknown as { __knex__disposed?: string }).__knex__disposed = 'the database did not answer';
  void client.end().catch(() => undefined);
}

type AnyQuery = (...args: unknown[]) => unknown;

/** Wraps `client.query` (callback and promise forms) so a read timeout discards the connection. */
export function dropWhenStalled(client: PoolClient): void {
  const query = client.query.bind(client) as AnyQuery;
  const watched: AnyQuery = (...args) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, ...rest: unknown[]) => {
        if (isReadTimeout(err)) discard(client);
        return (last as AnyQuery)(err, ...rest);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch((err) => { if (isReadTimeout(err)) discard(client); });
    return result;
  };
  (client as unknown as { query: AnyQuery }).query = watched;
}
