/**
 * Property test: thousands of random filters against enforcementCases and enforcementCaseStats.
 * The oracle is plain SQL built here, independently of the engine. Every input either matches
 * the oracle exactly or is refused with BAD_USER_INPUT (reversed ranges); nothing else happens.
 */
import fc from 'fast-check';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

type F = Record<string, unknown>;
interface Gen {
  filter: F;
  sql: string;
  /** The input is deliberately invalid (a reversed range). */
  invalid: boolean;
}

const ACTIONS = ['PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE'];
const LENIENCY = ['NONE', 'EXEMPTED', 'MITIGATED', 'LIGHTER'];
const TOWNSHIPS = ['410726001', '410726101', '410726202', '410726207'];
const q = (s: string) => `'${s}'`;
const list = (xs: string[]) => xs.map(q).join(', ');

const date = fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
const money = fc.integer({ min: 0, max: 20000 }); // yuan

const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.constantFrom(...ACTIONS).map((a) => ({ filter: { actionType: { eq: a } }, sql: `c.action_type = ${q(a)}`, invalid: false })),
  fc.subarray(ACTIONS, { minLength: 1 }).map((xs) => ({ filter: { actionType: { in: xs } }, sql: `c.action_type IN (${list(xs)})`, invalid: false })),
  fc.subarray(ACTIONS, { minLength: 1 }).map((xs) => ({ filter: { actionType: { notIn: xs } }, sql: `c.action_type NOT IN (${list(xs)})`, invalid: false })),
  fc.subarray(LENIENCY, { minLength: 1 }).map((xs) => ({ filter: { leniency: { in: xs } }, sql: `c.leniency IN (${list(xs)})`, invalid: false })),
  fc.tuple(date, date).map(([a, b]) => ({ filter: { decidedOn: { gte: a, lte: b } }, sql: `c.decided_on BETWEEN ${q(a)} AND ${q(b)}`, invalid: a > b })),
  fc.tuple(date, fc.boolean()).map(([a, after]) => ({ filter: { decidedOn: after ? { gt: a } : { lt: a } }, sql: `c.decided_on ${after ? '>' : '<'} ${q(a)}`, invalid: false })),
  fc.tuple(money, money).map(([a, b]) => ({ filter: { fineAmount: { gte: a, lte: b } }, sql: `c.fine_amount_fen BETWEEN ${a * 100} AND ${b * 100}`, invalid: a > b })),
  fc.constantFrom('COUNTY_DEPARTMENT', 'TOWNSHIP').map((l) => ({ filter: { agencyLevel: { eq: l } }, sql: `c.agency_id IN (SELECT id FROM agency WHERE level = ${q(l)})`, invalid: false })),
  fc.constantFrom(...TOWNSHIPS).map((t) => ({ filter: { townshipCode: { eq: t } }, sql: `c.township_id = (SELECT id FROM township WHERE code = ${q(t)})`, invalid: false })),
  fc.constantFrom(2022, 2023, 2024).map((y) => ({ filter: { year: { eq: y } }, sql: `extract(year FROM c.decided_on) = ${y}`, invalid: false })),
);

const filterArb: fc.Arbitrary<Gen> = fc.letrec<{ node: Gen }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((xs) => ({ filter: { and: xs.map((x) => x.filter) }, sql: `(${xs.map((x) => `(${x.sql})`).join(' AND ')})`, invalid: xs.some((x) => x.invalid) })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((xs) => ({ filter: { or: xs.map((x) => x.filter) }, sql: `(${xs.map((x) => `(${x.sql})`).join(' OR ')})`, invalid: xs.some((x) => x.invalid) })),
    tie('node').map((x) => ({ filter: { not: x.filter }, sql: `NOT (${x.sql})`, invalid: x.invalid })),
  ),
})).node;

describe('random filters agree with a plain SQL oracle', () => {
  it('for the connection\'s totalCount and first page, and for stats count and fine sum', async () => {
    let checked = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(filterArb, async (gen) => {
        const res = await app.gql(`query ($f: EnforcementCaseFilter) {
          enforcementCases(first: 5, filter: $f, orderBy: [{ field: ID }]) { totalCount nodes { caseNumber } }
          enforcementCaseStats(filter: $f) { nodes { count sum { fineAmount } } } }`, { f: gen.filter });
        if (gen.invalid) {
          expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          refused += 1;
          return;
        }
        expect(res.errors).toBeUndefined();
        const [oracle] = await app.sql<{ n: string; fine: string | null }>(`SELECT count(*) AS n, sum(c.fine_amount_fen) AS fine FROM enforcement_case c WHERE ${gen.sql}`);
        const first = await app.sql<{ case_number: string }>(`SELECT c.case_number FROM enforcement_case c WHERE ${gen.sql} ORDER BY c.id LIMIT 5`);
        expect(res.data!.enforcementCases.totalCount).toBe(Number(oracle.n));
        expect(res.data!.enforcementCases.nodes.map((n: { caseNumber: string }) => n.caseNumber)).toEqual(first.map((r) => r.case_number));
        expect(res.data!.enforcementCaseStats.nodes).toEqual([{ count: Number(oracle.n), sum: { fineAmount: oracle.fine === null ? null : Number(oracle.fine) / 100 } }]);
        checked += 1;
      }),
      { numRuns: 1500, seed: 20231231 },
    );
    expect(checked + refused).toBe(1500);
    expect(checked).toBeGreaterThan(1000);
  });
});
