/** Frontend teams read schema/schema.graphql: it must be exactly what the code serves. */
import { readFileSync } from 'node:fs';
import { printSchemaSdl, schemaFile } from '../src/schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing the API)', async () => {
    const committed = readFileSync(schemaFile, 'utf8');
    const built = await printSchemaSdl();
    expect(committed).toBe(built);
  });

  it('describes every type, with the Chinese term where the domain has one', async () => {
    const sdl = await printSchemaSdl();
    for (const type of ['Province', 'City', 'County', 'Township', 'Agency']) {
      expect(sdl).toMatch(new RegExp(`"""[^"]*[\\u4e00-\\u9fff][^"]*"""\\ntype ${type} `));
    }
  });
});
