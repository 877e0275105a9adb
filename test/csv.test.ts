/**
 * Issue 17.4: any stats query as CSV over HTTP. The same POST /graphql with `Accept: text/csv`
 * answers the first list of `data` as rows; each row equals the JSON answer's element, read by
 * an independent CSV parser. Errors stay JSON; an answer without a list is refused.
 */
import { parse } from 'csv-parse/sync';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ http: true });
});
afterAll(() => app.close());

const STATS = `query PenaltiesByDepartment {
  enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: PENALTY } },
                       groupBy: [AGENCY, YEAR], orderBy: [{ by: COUNT, direction: DESC }], first: 8) {
    nodes { agency { code name } year count sum { fineAmount } previousYear { count } }
  }
}`;

async function postCsv(body: unknown): Promise<Response> {
  return fetch(app.http!.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/csv' },
    body: JSON.stringify(body),
  });
}

it('answers a stats query as CSV whose rows equal the JSON answer', async () => {
  const json = await postGraphql(app, { query: STATS });
  const nodes = json.json.data.enforcementCaseStats.nodes as any[];
  expect(nodes.length).toBeGreaterThan(3);

  const res = await postCsv({ query: STATS });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="enforcementCaseStats.csv"');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
  const [header, ...rows] = parse(bytes.toString('utf8').slice(1)) as string[][];
  expect(header).toEqual(['agency.code', 'agency.name', 'year', 'count', 'sum.fineAmount', 'previousYear']);
  expect(rows).toEqual(nodes.map((n) => [
    n.agency.code, n.agency.name, String(n.year), String(n.count), String(n.sum.fineAmount),
    n.previousYear === null ? '' : String(n.previousYear.count),
  ]));
  expect(rows.some((row) => /[\u4e00-\u9fff]/.test(row[1]))).toBe(true); // Chinese names arrive intact
});

it('keeps cells with commas and quotes whole, and a list inside a row as one JSON cell', async () => {
  const query = `{ figures(first: 30, filter: { countyCode: { eq: "410726" } }) { nodes { quote value indicator { code } } } }`;
  const nodes = (await postGraphql(app, { query })).json.data.figures.nodes as any[];
  const [header, ...rows] = parse((await (await postCsv({ query })).text()).replace(/^\uFEFF/, '')) as string[][];
  expect(header).toEqual(['quote', 'value', 'indicator.code']);
  expect(rows.map((r) => [r[0], Number(r[1]), r[2]])).toEqual(nodes.map((n) => [n.quote, n.value, n.indicator.code]));
  expect(rows.some((r) => r[0].includes('，') || r[0].includes(','))).toBe(true);

  const nested = `{ counties { code townships(first: 2) { nodes { code } } } }`;
  const counties = (await postGraphql(app, { query: nested })).json.data.counties as any[];
  const [nestedHeader, ...nestedRows] = parse((await (await postCsv({ query: nested })).text()).replace(/^\uFEFF/, '')) as string[][];
  expect(nestedHeader).toEqual(['code', 'townships.nodes']);
  expect(nestedRows.map((r) => [r[0], JSON.parse(r[1])])).toEqual(counties.map((c) => [c.code, c.townships.nodes]));
});

it('leaves an answer with errors as JSON, with its status', async () => {
  const invalid = await postCsv({ query: '{ enforcementCaseStats { nodes { noSuchField } } }' });
  expect(invalid.status).toBe(400);
  expect(invalid.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await invalid.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  // Record-level rows without a key: refused, and the refusal is what comes back, not an empty table.
  const forbidden = await postCsv({ query: '{ enforcementCases(first: 2) { nodes { caseNumber } } }' });
  expect(forbidden.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await forbidden.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
});

it('refuses an answer that holds no list (406), and leaves JSON clients alone', async () => {
  const res = await postCsv({ query: '{ county(code: "410726") { name } }' });
  expect(res.status).toBe(406);
  expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  const json = await postGraphql(app, { query: '{ county(code: "410726") { name } }' }, { accept: 'application/json, text/csv' });
  expect(json.json).toEqual({ data: { county: { name: '延津县' } } });
});

it('answers CSV exactly when content negotiation picks it from the Accept header', async () => {
  const expected: [string | undefined, boolean][] = [
    ['text/csv', true], ['TEXT/CSV', true], ['text/*', true], ['text/*, application/json;q=0.5', true],
    ['text/csv;q=0.1, application/json', false], ['*/*', false], ['application/json', false], ['application/*', false], [undefined, false],
  ];
  for (const [accept, csv] of expected) {
    const res = await fetch(app.http!.url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body: JSON.stringify({ query: STATS }),
    });
    expect([accept, res.status, res.headers.get('content-type')?.startsWith('text/csv')]).toEqual([accept, 200, csv]);
  }
});
