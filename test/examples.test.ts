/** Every example operation in schema/examples runs against the seeded data and returns data without errors. */
import { readExamples } from '../src/explorer/examples';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: true });
});
afterAll(() => app.close());

/** Some list somewhere in the result has at least one row. */
function hasRows(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(hasRows);
  return false;
}

describe('schema/examples', () => {
  const examples = readExamples();
  it('exist', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((e) => [e.file, e]))('%s returns data without errors', async (_file, example) => {
    const res = await app.gql(example.query, example.variables);
    expect(res.errors).toBeUndefined();
    expect(hasRows(res.data)).toBe(true);
  });

  it('are served to the query page at /examples.json', async () => {
    const res = await fetch(app.http!.url.replace(/graphql$/, 'examples.json'));
    const list = (await res.json()) as { name: string; query: string }[];
    expect(list.map((e) => e.name)).toEqual(examples.map((e) => e.name));
  });
});
