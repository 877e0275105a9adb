/**
 * A statement the database never answered is still in flight on its connection: handing that
 * connection out again would queue every later statement behind it. Each pool connection is
 * watched from its creation, whichever layer runs the statement (MikroORM, knex, our Db): past
 * the read timeout (src/db/orm.ts) the statement fails with pg's 'Query read timeout' and the
 * connection is dropped.
 *
 * The timer is ours, not pg's query_timeout, and every statement reaches pg in its callback form:
 * pg gives a query its callback after making it when it makes the promise or wraps the callback in
 * its timer, and the rows of such a query outlived V8's young-generation collections (W2: 3 MB
 * kept alive and promoted per scavenge; 46-79 KB in the callback form; bench/README.md, ninth round).
 */
import type { PoolClient } from 'pg';

/** knex drops a connection marked disposed the next time the pool validates it. */
function discard(client: PoolClient): void {
  (client as unknown as { __knex__disposed?: string }).__knex__disposed = 'the database did not answer';
  void client.end().catch(() => undefined);
}

type AnyQuery = (...args: unknown[]) => unknown;
type Callback = (err: unknown, result?: unknown) => void;

/** pg's own message for it (errors.ts tells it from a statement timeout). */
const readTimeoutError = () => new Error('Query read timeout');

/**
 * Wraps `client.query` so a statement unanswered after `readTimeoutMs` fails and discards the
 * connection; 0: no read timeout. Submittables (COPY streams, cursors) keep pg's own timer.
 */
export function dropWhenStalled(client: PoolClient, readTimeoutMs: number): void {
  const query = client.query.bind(client) as AnyQuery;
  const withCallback = (args: unknown[], callback: Callback): void => {
    if (!readTimeoutMs) {
      query(...args, callback);
      return;
    }
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      discard(client); // also fails the statement in flight; its callback is no longer ours to call
      callback(readTimeoutError());
    }, readTimeoutMs);
    query(...args, (err: unknown, result?: unknown) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      callback(err, result);
    });
  };
  const watched: AnyQuery = (...args) => {
    const first = args[0] as { submit?: unknown; query_timeout?: number } | null;
    if (typeof first?.submit === 'function') {
      if (readTimeoutMs && !first.query_timeout) first.query_timeout = readTimeoutMs;
      return query(...args);
    }
    const last = args.at(-1);
    if (typeof last === 'function') return withCallback(args.slice(0, -1), last as Callback);
    return new Promise((resolve, reject) => withCallback(args, (err, result) => (err ? reject(err) : resolve(result))));
  };
  (client as unknown as { query: AnyQuery }).query = watched;
}
