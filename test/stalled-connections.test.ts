/**
 * The read timeout of pool connections (src/db/stalled-connections.ts), on real connections to the
 * test server. In each way pg is called (promise or callback, text, text and values, config object)
 * a statement that outlives the read timeout fails with pg's 'Query read timeout' (errors.ts makes
 * it SERVICE_UNAVAILABLE, stalled) and the connection is closed; an answered one gives pg's own
 * result, reaches pg with its callback (pg makes the query with it: the rows of queries given their
 * callback afterwards outlived young-generation collections), and its timer stops with the answer.
 * Submittables keep pg's own timer. (The server's two pools under a frozen database: test/fault.test.ts.)
 */
import { Client, type QueryResult } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dropWhenStalled } from '../src/db/stalled-connections';
import { isReadTimeout } from '../src/errors';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

let database: string;
const clients: Client[] = [];
beforeAll(async () => {
  database = await createDatabase({ empty: true });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await dropDatabase(database);
});

/** A statement with its values, and the same statement with them written in (for the text-only form). */
interface Statement { text: string; values: unknown[]; inline: string }
type Call = (client: Client, s: Statement) => Promise<QueryResult>;
const viaCallback = (send: (cb: (err: Error | null, res: QueryResult) => void) => void) => new Promise<QueryResult>((resolve, reject) => send((err, res) => (err ? reject(err) : resolve(res))));
/** Every form callers use: MikroORM and knex pass a config object and a callback, our Db the promise forms. */
const forms: Record<string, Call> = {
  'promise, text': (c, s) => c.query(s.inline),
  'promise, text and values': (c, s) => c.query(s.text, s.values),
  'promise, named config': (c, s) => c.query({ name: `stall_${s.text.length}`, text: s.text, values: s.values }),
  'callback, text and values': (c, s) => viaCallback((cb) => c.query(s.text, s.values, cb)),
  'callback, config': (c, s) => viaCallback((cb) => c.query({ text: s.text, values: s.values }, cb)),
};

interface Watched { client: Client; lastArgIsCallback: boolean[] }

/** A connection wrapped as the pools wrap theirs, recording how each statement reached pg. */
async function watchedClient(readTimeoutMs: number): Promise<Watched> {
  const client = new Client({ connectionString: serverUrl(database) });
  clients.push(client);
  await client.connect();
  const lastArgIsCallback: boolean[] = [];
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    lastArgIsCallback.push(typeof args.at(-1) === 'function');
    return original(...args);
  };
  dropWhenStalled(client as never, readTimeoutMs);
  return { client, lastArgIsCallback };
}

describe.each(Object.entries(forms))('%s', (_, call) => {
  it('answers as pg does, reaching pg with its callback, and its timer stops with the answer', async () => {
    const { client, lastArgIsCallback } = await watchedClient(300);
    let ended = false;
    client.on('end', () => (ended = true));
    const plain = new Client({ connectionString: serverUrl(database) });
    clients.push(plain);
    await plain.connect();
    const res = await call(client, { text: 'SELECT $1::int + 1 AS n, $2::text AS t', values: [41, 'x'], inline: "SELECT 41 + 1 AS n, 'x'::text AS t" });
    expect(res.rows).toEqual((await plain.query('SELECT $1::int + 1 AS n, $2::text AS t', [41, 'x'])).rows);
    expect(res.rows).toEqual([{ n: 42, t: 'x' }]);
    expect(lastArgIsCallback).toEqual([true]);
    // A failing statement fails as it would without the wrapper.
    await expect(call(client, { text: 'SELECT 1/$1::int AS n', values: [0], inline: 'SELECT 1/0 AS n' })).rejects.toMatchObject({ code: '22012' });
    // Past the read timeout of both: a timer left running would have closed the connection.
    await new Promise((r) => setTimeout(r, 600));
    expect(ended).toBe(false);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('fails a statement unanswered past the read timeout with pg\'s read timeout, and closes the connection', async () => {
    const { client } = await watchedClient(300);
    let ended = false;
    client.on('end', () => (ended = true));
    const err = await call(client, { text: 'SELECT pg_sleep($1::int)', values: [5], inline: 'SELECT pg_sleep(5)' }).catch((e: unknown) => e);
    expect(isReadTimeout(err)).toBe(true);
    for (let i = 0; i < 50 && !ended; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ended).toBe(true);
  });
});

it('with no read timeout (statement timeout 0) a statement runs as long as it takes', async () => {
  const { client, lastArgIsCallback } = await watchedClient(0);
  expect((await client.query('SELECT pg_sleep(0.5) IS NULL AS slept')).rows).toEqual([{ slept: false }]);
  expect(lastArgIsCallback).toEqual([true]);
});

it('a submittable (here a COPY stream) keeps pg\'s own timer, set to the read timeout', async () => {
  const { client } = await watchedClient(300);
  await client.query('CREATE TABLE IF NOT EXISTS copied (n int)');
  // Opened and never written to: PostgreSQL waits for the rows, and pg's timer ends the wait.
  const stream = client.query(copyFrom('COPY copied (n) FROM STDIN'));
  const failed = await new Promise<unknown>((resolve) => stream.on('error', resolve));
  expect(isReadTimeout(failed)).toBe(true);
});
