/**
 * Issue 17.1: a frontend on another origin can call the API. Real cross-origin preflights and
 * requests over HTTP, as a browser sends them, for the default policy (any localhost port outside
 * production), a listed origin (with credentials), `*` (without), and refused origins (no CORS
 * headers, so the browser keeps the response from the page).
 */
import { ConfigError, loadConfig } from '../src/config';
import { startTestApp, type TestApp } from './helpers/harness';

async function preflight(app: TestApp, origin: string): Promise<Response> {
  return fetch(app.http!.url.replace('localhost', '127.0.0.1'), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
}

async function post(app: TestApp, origin: string): Promise<Response> {
  return fetch(app.http!.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ county(code: "410726") { name } }' }),
  });
}

describe('default policy (development)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ http: true });
  });
  afterAll(() => app.close());

  it('answers a preflight from a localhost dev server: its origin, POST, the Authorization header, no credentials', async () => {
    const res = await preflight(app, 'http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.split(',')).toEqual(expect.arrayContaining(['content-type', 'authorization']));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('lets the page read the answer of the request that follows', async () => {
    const res = await post(app, 'http://127.0.0.1:3000');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(await res.json()).toEqual({ data: { county: { name: '延津县' } } });
  });

  it('gives another origin no CORS headers, so its page cannot read the answer', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const pre = await preflight(app, origin);
      expect(pre.status).toBeLessThan(500);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect((await post(app, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('CORS_ORIGINS', () => {
  it('a listed origin is allowed with credentials; localhost then is not', async () => {
    const app = await startTestApp({ http: true, env: { CORS_ORIGINS: 'https://app.example.org, https://dash.example.org:8443' } });
    try {
      const res = await preflight(app, 'https://dash.example.org:8443');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.org:8443');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect((await preflight(app, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('* allows any origin, never with credentials', async () => {
    const app = await startTestApp({ http: true, env: { CORS_ORIGINS: '*' } });
    try {
      const res = await preflight(app, 'https://anyone.example');
      expect(res.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('in production the default allows no origin; a bad value stops the start with a clear message', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).cors).toEqual({ origins: [], any: false, localDev: false });
    expect(loadConfig({}).cors.localDev).toBe(true);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).cors).toEqual({ origins: [], any: false, localDev: false });
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.org/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.org/path' })).toThrow(/CORS_ORIGINS/);
  });
});
