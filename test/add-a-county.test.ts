/**
 * Issue 13: the README's "Step by step: a county that is not Yanjin" runs as written. The
 * commands and queries are read from the README itself; the expected answers come from the
 * example CSV files, aggregated here, and from the Yanjin report file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ANONYMOUS } from '../src/modules/auth/viewer';
import { importCli } from './helpers/cli';
import { startTestApp, type TestApp } from './helpers/harness';

const root = path.join(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Step by step: a county that is not Yanjin'), readme.indexOf('## Configuration'));
const commands = [...section.matchAll(/^\s*npm run import -- (records \w+ \S+)/gm)].map((m) => m[1].split(' '));
const queries = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const rows = (file: string) => {
  const [header, ...lines] = readFileSync(path.join(root, 'examples', 'add-a-county', file), 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
};

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('the README walks through four record files and three queries', () => {
  expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['records townships', 'records agencies', 'records population', 'records cases']);
  expect(queries).toHaveLength(3);
});

it('step 1: the county is found by its pinyin, not yet held', async () => {
  const res = await app.gql(queries[0], undefined, ANONYMOUS);
  expect(res.data!.countyDivisions.nodes).toEqual([{ code: '411521', name: '罗山县', nameEn: 'Luoshan County', cityName: '信阳市', county: null }]);
});

it('step 2: each file imports with the counts the README shows, and again changes nothing', async () => {
  for (const command of commands) {
    const file = command[2];
    const n = rows(path.basename(file)).length;
    const line = section.split('\n').find((l) => l.includes(file))!;
    const printed = `${n} rows: ${n} inserted, 0 updated, 0 unchanged`;
    expect(line).toContain(`# ${printed}`);
    expect(await importCli(app, ...command)).toEqual({ code: 0, stdout: `${printed}\n`, stderr: '' });
  }
  // Again (the largest file; each CLI run costs seconds): nothing changes.
  const last = commands[commands.length - 1];
  const n = rows(path.basename(last[2])).length;
  expect((await importCli(app, ...last)).stdout).toBe(`${n} rows: 0 inserted, 0 updated, ${n} unchanged\n`);
  const invented = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '411521') AND source LIKE 'walk-through example: invented rows%'`);
  expect(Number(invented[0].n)).toBe(rows('cases.csv').length);
});

it('step 3: stats by kind of action equal the rows of cases.csv; anonymous callers do not see the group of two', async () => {
  const cases = rows('cases.csv');
  const groups = new Map<string, { count: number; fines: number }>();
  for (const c of cases) {
    const g = groups.get(c.action_type) ?? { count: 0, fines: 0 };
    g.count += 1;
    g.fines += Number(c.fine_amount);
    groups.set(c.action_type, g);
  }
  const want = [...groups].map(([actionType, g]) => ({ actionType, count: g.count, sum: { fineAmount: g.fines } })).sort((a, b) => b.count - a.count);
  const withKey = await app.gql(queries[1]);
  expect(withKey.data!.enforcementCaseStats.nodes).toEqual(want);
  const anonymous = await app.gql(queries[1], undefined, ANONYMOUS);
  expect(anonymous.data!.enforcementCaseStats.nodes).toEqual(want.filter((g) => g.count >= 3));
  expect(want.find((g) => g.count < 3)).toEqual({ actionType: 'GUIDANCE', count: 2, sum: { fineAmount: 0 } });
  // The numbers the README quotes.
  expect(section).toContain(`PENALTY ${groups.get('PENALTY')!.count} (fines ${groups.get('PENALTY')!.fines.toLocaleString('en')} yuan)`);
});

it('step 4: compared with Yanjin per 10,000 residents: a gap that says why, the value computed from the imported cases, the caveat', async () => {
  const yanjin = JSON.parse(readFileSync(path.join(root, 'seeds/data/reports/410726_2023_yanjin.json'), 'utf8')).figures.find((f: { indicator: string }) => f.indicator === 'ENF_PENALTY_TOTAL');
  const penalties = rows('cases.csv').filter((c) => c.action_type === 'PENALTY' && c.decided_on.startsWith('2023')).length;
  const [population] = rows('population.csv');
  const res = await app.gql(queries[2], undefined, ANONYMOUS);
  const byName = Object.fromEntries(res.data!.comparison.rows.map((r: { county: { name: string }; cells: unknown[] }) => [r.county.name, r.cells[0]]));
  expect(byName['延津县']).toMatchObject({ value: yanjin.value, gap: null, computed: yanjin.value });
  expect(byName['罗山县']).toEqual({ value: null, gap: 'NO_REPORT_HELD', computed: penalties, normalized: null });
  expect(res.data!.comparison.caveats.map((c: { kind: string }) => c.kind)).toEqual(['COMPARABILITY']);
  expect(section).toContain(`\`computed: ${penalties}\``);
  expect(Number(population.population)).toBeGreaterThan(0);
});
