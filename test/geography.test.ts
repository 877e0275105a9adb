/**
 * The first slice end to end: DB -> ORM -> resolver -> loader -> GraphQL.
 * Expected values come from the NBS list as copied into seeds/data (read here directly, not through the seeders).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/harness';

const shared = JSON.parse(readFileSync(path.join(__dirname, '../seeds/data/yanjin_townships.json'), 'utf8').toString()) as {
  township_level_admin_units: { code: string; name: string; type: string }[];
};
const KIND: Record<string, string> = { 街道: 'SUBDISTRICT', 镇: 'TOWN', 乡: 'TOWNSHIP' };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('county(code:)', () => {
  it('returns Yanjin with its 13 townships, codes and kinds as published by the NBS list', async () => {
    const res = await app.gql(`{ county(code: "410726") { code name nameEn kind city { code name province { code name } } townships { nodes { code name kind } } } }`);
    expect(res.errors).toBeUndefined();
    const county = res.data!.county;
    expect(county).toMatchObject({ code: '410726', name: '延津县', nameEn: 'Yanjin County', kind: 'COUNTY' });
    expect(county.city).toEqual({ code: '410700', name: '新乡市', province: { code: '410000', name: '河南省' } });
    expect(county.townships.nodes).toEqual(
      shared.township_level_admin_units
        .map((t) => ({ code: t.code, name: t.name, kind: KIND[t.type] }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    );
  });

  it('keeps the former name 位邱乡 as an alias of 魏邱乡', async () => {
    const res = await app.gql(`{ county(code: "410726") { townships { nodes { code name aliases } } } }`);
    const weiqiu = res.data!.county.townships.nodes.find((t: { code: string }) => t.code === '410726202');
    expect(weiqiu).toEqual({ code: '410726202', name: '魏邱乡', aliases: ['位邱乡'] });
  });

  it('lists the agencies: county departments and one government per township', async () => {
    const res = await app.gql(`{ county(code: "410726") { agencies(first: 100) { nodes { code name level township { code } county { code } } } } }`);
    const agencies = res.data!.county.agencies.nodes as { code: string; name: string; level: string; township: { code: string } | null; county: { code: string } }[];
    const [expected] = await app.sql<{ departments: string; townships: string }>(
      `SELECT count(*) FILTER (WHERE a.level = 'COUNTY_DEPARTMENT') AS departments, count(*) FILTER (WHERE a.level = 'TOWNSHIP') AS townships
         FROM agency a JOIN county c ON c.id = a.county_id WHERE c.code = '410726'`);
    expect(agencies.filter((a) => a.level === 'COUNTY_DEPARTMENT')).toHaveLength(Number(expected.departments));
    const governments = agencies.filter((a) => a.level === 'TOWNSHIP');
    expect(governments).toHaveLength(13);
    expect(governments.map((a) => a.township!.code).sort()).toEqual(shared.township_level_admin_units.map((t) => t.code).sort());
    expect(agencies.every((a) => a.county.code === '410726')).toBe(true);
    // The departments the report names are there.
    const names = agencies.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['延津县司法局', '延津县应急管理局', '新乡市生态环境局延津分局']));
  });

  it('navigates back: township -> county and township -> its government', async () => {
    const res = await app.gql(`{ county(code: "410726") { townships { nodes { code county { code } government { name level township { code } } } } } }`);
    for (const t of res.data!.county.townships.nodes) {
      expect(t.county.code).toBe('410726');
      expect(t.government.level).toBe('TOWNSHIP');
      expect(t.government.township.code).toBe(t.code);
    }
  });

  it('loads nested relations in a constant number of SQL statements (DataLoader batching), the same on every run', async () => {
    const q = `{ counties { code city { province { code } } townships(first: 100) { nodes { county { code } government { township { code } } } } agencies(first: 100) { nodes { county { code } township { code } } } } }`;
    // The agencies' townships are the listed townships whichever list answers first: never a stray lookup (it was 8 about one run in two).
    const runs = await Promise.all(Array.from({ length: 10 }, () => app.gql(q)));
    expect(runs.map((r) => r.statements)).toEqual(Array(10).fill(7));
    const res = await app.gql(q);
    expect(res.errors).toBeUndefined();
    const agencyCount = res.data!.counties.reduce((n: number, c: { agencies: { nodes: unknown[] } }) => n + c.agencies.nodes.length, 0);
    expect(agencyCount).toBeGreaterThan(30);
    // counties, cities, provinces, townships (one LATERAL), agencies (one LATERAL), counties by id, governments by township
    expect(res.statements).toBe(7);
  });
});

describe('counties', () => {
  it('lists every county held, in code order, matching plain SQL', async () => {
    const res = await app.gql(`{ counties { code name } }`);
    const rows = await app.sql<{ code: string; name: string }>('SELECT code, name FROM county ORDER BY code');
    expect(res.data!.counties).toEqual(rows);
    expect(rows.map((r) => r.code)).toContain('410726');
  });
});
