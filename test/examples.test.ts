/**
 * Every example operation in schema/examples says which role it needs, runs with that role
 * against the seeded data and returns data without errors; one that needs a key is refused
 * without one (so the role it states is not more than it needs to say).
 */
import { readExamples, type ExampleRole } from '../src/explorer/examples';
import { Role } from '../src/modules/auth/api-key.entity';
import { ANONYMOUS, type Viewer } from '../src/modules/auth/viewer';
import { ANALYST, startTestApp, type TestApp } from './helpers/harness';

const VIEWERS: Record<ExampleRole, Viewer> = {
  anonymous: ANONYMOUS,
  analyst: ANALYST,
  editor: { keyId: 7, role: Role.EDITOR, countyCode: '410726', countyId: null, label: 'test editor' },
  admin: { keyId: 8, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' },
};

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

  it.each(examples.map((e) => [e.file, e]))('%s returns data without errors with the role it states', async (_file, example) => {
    const res = await app.gql(example.query, example.variables, VIEWERS[example.role]);
    expect(res.errors).toBeUndefined();
    expect(hasRows(res.data)).toBe(true);
    if (example.role !== 'anonymous') {
      const without = await app.gql(example.query, example.variables, ANONYMOUS);
      expect(without.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('are served to the query page at /examples.json', async () => {
    const res = await fetch(app.http!.url.replace(/graphql$/, 'examples.json'));
    const list = (await res.json()) as { name: string; query: string }[];
    expect(list.map((e) => e.name)).toEqual(examples.map((e) => e.name));
  });
});
