import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root: the nearest folder holding package.json, so paths work from src/ (ts-jest) and dist/src/ alike. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(__dirname);
export const seedsDir = path.join(projectRoot, 'seeds');
export const schemaDir = path.join(projectRoot, 'schema');
