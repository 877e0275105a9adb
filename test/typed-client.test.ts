/**
 * Issue 17.5: typed client code for frontend teams. clients/typescript's generated types match
 * schema/schema.graphql, its example compiles (and a selection misread does not), and the example
 * runs against the real server over HTTP with the answer the API gives to the same query.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { rankCounties } from '../clients/typescript/rank-counties';
import { ANONYMOUS } from '../src/modules/auth/viewer';
import { startTestApp, type TestApp } from './helpers/harness';

const run = promisify(execFile);
const folder = path.join(__dirname, '..', 'clients', 'typescript');
const bin = (name: string) => path.join(__dirname, '..', 'node_modules', '.bin', name);

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  app = await startTestApp({ http: true });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-client-'));
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

it('the generated types are those of schema/schema.graphql (regenerate: npx gql.tada generate output in clients/typescript)', async () => {
  const out = path.join(tmp, 'graphql-env.d.ts');
  await run(bin('gql.tada'), ['generate', 'output', '--output', out], { cwd: folder });
  expect(await readFile(out, 'utf8')).toBe(await readFile(path.join(folder, 'graphql-env.d.ts'), 'utf8'));
});

it('the example type-checks, and reading a field the query did not select does not', async () => {
  await run(bin('tsc'), ['-p', folder]);
  const probe = path.join(tmp, 'probe.ts');
  await writeFile(probe, `import { request } from '${folder}/client';
import { RankCounties } from '${folder}/rank-counties';
export async function misread() {
  const { comparison } = await request({ url: '' }, RankCounties, { indicator: 'X', year: 2023 });
  return comparison.rows[0].cells[0].computed;
}
`);
  const config = path.join(tmp, 'tsconfig.json');
  await writeFile(config, JSON.stringify({ extends: path.join(folder, 'tsconfig.json'), compilerOptions: { typeRoots: [path.join(__dirname, '..', 'node_modules', '@types')] }, include: [probe] }));
  const failed = await run(bin('tsc'), ['-p', config]).then(() => null, (err: { stdout: string }) => err.stdout);
  expect(failed).toMatch(/probe\.ts\(5,\d+\): error TS2339: Property 'computed' does not exist/);
});

it('the example ranks the counties as the API answers the same query', async () => {
  const lines = await rankCounties(`${app.http!.url}`, 'ENF_PENALTY_TOTAL', 2023);
  const res = await app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023]) { indicator { nameZh } caveats { kind } rows { county { code name } cells { value rank rankedOf gap quote } } } }`, undefined, ANONYMOUS);
  const rows = res.data!.comparison.rows as { county: { code: string; name: string }; cells: { value: number | null; rank: number | null; rankedOf: number | null; gap: string | null; quote: string | null }[] }[];
  const ranked = rows.filter((r) => r.cells[0].rank !== null).sort((a, b) => a.cells[0].rank! - b.cells[0].rank!);
  expect(ranked.length).toBeGreaterThan(0);
  expect(lines[0]).toMatch(new RegExp(`^${res.data!.comparison.indicator.nameZh} `));
  expect(lines.slice(1, 1 + ranked.length)).toEqual(ranked.map((r) => `${r.cells[0].rank}/${r.cells[0].rankedOf} ${r.county.code} ${r.county.name}: ${r.cells[0].value} "${r.cells[0].quote}"`));
  const gaps = rows.filter((r) => r.cells[0].rank === null);
  expect(lines.slice(1 + ranked.length, 1 + ranked.length + gaps.length)).toEqual(gaps.map((r) => `- ${r.county.code} ${r.county.name}: ${r.cells[0].gap}`));
  expect(lines.slice(1 + ranked.length + gaps.length).map((l) => l.split(':')[0])).toEqual(res.data!.comparison.caveats.map((c: { kind: string }) => `note (${c.kind})`));
});
