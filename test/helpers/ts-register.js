/**
 * `node -r ./test/helpers/ts-register.js file.ts`: what `-r ts-node/register/transpile-only` does for the
 * processes the tests start (the CLIs, `npm start`), with ts-node's output kept on disk. Each such process
 * otherwise loads TypeScript and transpiles all of src/ again (seconds of CPU each, dozens of times a run);
 * with the cache, only a changed file is transpiled again, by ts-node itself, so the code that runs is the
 * same. The cache key is the file's path and content, the ts-node and TypeScript versions and tsconfig.json.
 * Stack traces keep pointing at the .ts lines (Node's own source map support reads ts-node's inline maps).
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '../..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'rolg-ts-register');
const salt = [
  require('ts-node/package.json').version,
  require('typescript/package.json').version,
  fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'),
  // This file's own content: a change to how it compiles invalidates the cache.
  fs.readFileSync(__filename, 'utf8'),
].join('\0');

let service;
function compile(code, fileName) {
  const key = crypto.createHash('sha256').update(salt).update('\0').update(fileName).update('\0').update(code).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not cached yet: compile as `-r ts-node/register/transpile-only` would (tsconfig.json found from the working directory).
  }
  service ??= require('ts-node').create({ transpileOnly: true });
  const output = service.compile(code, fileName);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written whole and renamed into place: processes starting together may compile the same file.
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return output;
}

process.setSourceMapsEnabled(true);
const jsHandler = require.extensions['.js'];
require.extensions['.ts'] = function (m, filename) {
  if (filename.split(path.sep).includes('node_modules')) return jsHandler(m, filename);
  const _compile = m._compile;
  m._compile = function (code, fileName) {
    return _compile.call(this, compile(code, fileName), fileName);
  };
  return jsHandler(m, filename);
};
