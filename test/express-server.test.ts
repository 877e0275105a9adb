/**
 * src/http/express-server.ts: requests and responses are made with the prototypes Express gives
 * them, so Express's Object.setPrototypeOf on each changes nothing (changing it had every
 * request's objects outlive a young-generation collection; bench/README.md, seventh round).
 * Seen from a listener that runs before Express, for each method; and Express's own request and
 * response features work on them. The real server (startServer) is built on it: its requests are checked too.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressServer } from '../src/http/express-server';
import { startTestApp, type TestApp } from './helpers/harness';

describe('an Express app on createExpressServer', () => {
  it('gets requests and responses that already have its prototypes, and Express works on them', async () => {
    const app = express();
    app.use(express.json());
    app.all('/echo', (req, res) => {
      res.locals.seen = req.get('x-probe');
      res.status(201).json({ method: req.method, probe: res.locals.seen, body: req.body ?? null, ip: typeof req.ip });
    });
    const { server, serve } = createExpressServer();
    const before: { request: boolean; response: boolean }[] = [];
    // Runs before Express's handler (listeners run in the order they were added).
    server.on('request', (req, res) => before.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response }));
    serve(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
      const get = await fetch(url, { headers: { 'x-probe': 'a' } });
      expect(get.status).toBe(201);
      expect(await get.json()).toEqual({ method: 'GET', probe: 'a', body: null, ip: 'string' });
      const post = await fetch(url, { method: 'POST', headers: { 'x-probe': 'b', 'content-type': 'application/json' }, body: JSON.stringify({ x: 1 }) });
      expect(await post.json()).toEqual({ method: 'POST', probe: 'b', body: { x: 1 }, ip: 'string' });
      expect(before).toEqual([{ request: true, response: true }, { request: true, response: true }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the server', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: true });
  });
  afterAll(() => app.close());

  it('serves its requests on objects made with the Express prototypes (a GraphQL POST and a page)', async () => {
    const seen: boolean[] = [];
    const server = app.http!.httpServer;
    const listener = (req: object, res: object) => seen.push(Object.getPrototypeOf(Object.getPrototypeOf(req)) === express.request && Object.getPrototypeOf(Object.getPrototypeOf(res)) === express.response);
    server.prependListener('request', listener);
    try {
      const res = await fetch(app.http!.url.replace('localhost', '127.0.0.1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ counties { code } }' }) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: { counties: unknown[] } }).data.counties.length).toBeGreaterThan(0);
      const page = await fetch(app.http!.url.replace('localhost', '127.0.0.1').replace('/graphql', '/healthz'));
      expect(await page.json()).toEqual({ status: 'ok' });
      expect(seen).toEqual([true, true]);
    } finally {
      server.removeListener('request', listener);
    }
  });
});
