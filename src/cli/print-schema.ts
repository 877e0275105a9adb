/** npm run schema: write the SDL the code builds to schema/schema.graphql. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSchemaSdl, schemaFile } from '../schema';

printSchemaSdl()
  .then((sdl) => {
    writeFileSync(schemaFile, sdl);
    console.log(`wrote ${schemaFile}`);
  })
  .catch((err) => {
    console.error(`schema: ${(err as Error).message}`);
    process.exit(1);
  });
