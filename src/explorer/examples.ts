/** The example operations in schema/examples, for the query page and the example test. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { schemaDir } from '../paths';

export interface Example {
  file: string;
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

export const examplesDir = path.join(schemaDir, 'examples');

/** Each file: a first comment line as its title, an optional "# variables: {...}" line, the operation. */
export function readExamples(): Example[] {
  return readdirSync(examplesDir).filter((f) => f.endsWith('.graphql')).sort().map((file) => {
    const query = readFileSync(path.join(examplesDir, file), 'utf8');
    const title = /^#\s*(.+)$/m.exec(query)?.[1] ?? file;
    const vars = /^#\s*variables:\s*(\{.*\})\s*$/m.exec(query)?.[1];
    return { file, name: title, query, variables: vars ? JSON.parse(vars) : {} };
  });
}
