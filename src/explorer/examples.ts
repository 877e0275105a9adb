/** The example operations in schema/examples, for the query page and the example test. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { schemaDir } from '../paths';

/** The least a caller needs to run an example: no key, or a key of this role. */
export type ExampleRole = 'anonymous' | 'analyst' | 'editor' | 'admin';

export interface Example {
  file: string;
  /** The file's first comment line. */
  title: string;
  /** The title, saying which key it needs unless none. */
  name: string;
  /** From the file's "# role: …" line; every example says it. */
  role: ExampleRole;
  query: string;
  variables: Record<string, unknown>;
}

export const examplesDir = path.join(schemaDir, 'examples');

const ROLES: ExampleRole[] = ['anonymous', 'analyst', 'editor', 'admin'];

/** Each file: a first comment line as its title, a "# role: …" line, an optional "# variables: {...}" line, the operation. */
export function readExamples(): Example[] {
  return readdirSync(examplesDir).filter((f) => f.endsWith('.graphql')).sort().map((file) => {
    const query = readFileSync(path.join(examplesDir, file), 'utf8');
    const title = /^#\s*(.+)$/m.exec(query)?.[1] ?? file;
    const role = /^#\s*role:\s*(\w+)/m.exec(query)?.[1] as ExampleRole | undefined;
    if (!role || !ROLES.includes(role)) throw new Error(`schema/examples/${file} must say which role it needs: a "# role: ${ROLES.join('|')}" line`);
    const vars = /^#\s*variables:\s*(\{.*\})\s*$/m.exec(query)?.[1];
    return { file, title, name: role === 'anonymous' ? title : `${title} [needs an ${role} key]`, role, query, variables: vars ? JSON.parse(vars) : {} };
  });
}
