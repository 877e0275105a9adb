import { ConfigError, loadConfig } from '../src/config';

describe('configuration from environment variables', () => {
  it('has defaults that start a local server on an embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, logLevel: 'info', databaseUrl: undefined, maxPageSize: 100, production: false });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer, got "abc"$/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535, got 70000$/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://u@h/db' }, /^DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'postgres://u@h:5432' }, /^DATABASE_URL must name a database/],
    [{ MAX_PAGE_SIZE: '0' }, /^MAX_PAGE_SIZE must be between 1 and 10000/],
    [{ MAX_RESPONSE_BYTES: '10' }, /^MAX_RESPONSE_BYTES must be between 1024 and/],
    [{ EXECUTION_TIMEOUT_MS: 'soon' }, /^EXECUTION_TIMEOUT_MS must be an integer, got "soon"$/],
    [{ MAX_HEAVY_PER_CALLER: '0' }, /^MAX_HEAVY_PER_CALLER must be between 1 and/],
    [{ MAX_HEAVY_CONNECTIONS: '0' }, /^MAX_HEAVY_CONNECTIONS must be between 1 and 200/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('has limits on response size, run time and heavy operations (README configuration table)', () => {
    expect(loadConfig({}).limits).toMatchObject({ maxResponseBytes: 8388608, executionTimeoutMs: 20000 });
    expect(loadConfig({}).heavy).toEqual({ cost: 10000, perCaller: 2, connections: undefined, queue: 32, queueWaitMs: 5000 });
    expect(loadConfig({ HEAVY_QUEUE_WAIT_MS: '750' }).heavy.queueWaitMs).toBe(750);
    expect(loadConfig({}).lockTimeoutMs).toBe(5000);
    expect(() => loadConfig({ LOCK_TIMEOUT_MS: 'soon' })).toThrow(/LOCK_TIMEOUT_MS/);
    expect(loadConfig({ MAX_HEAVY_CONNECTIONS: '3', HEAVY_QUERY_COST: '500' }).heavy).toMatchObject({ connections: 3, cost: 500 });
  });

  it('has one worker and a rate limit shared through PostgreSQL that fails open by default (README configuration table)', () => {
    expect(loadConfig({})).toMatchObject({ workers: 1, rateLimitStoreFailure: 'open', rateLimitStoreTimeoutMs: 500 });
    expect(loadConfig({ WORKERS: '4', RATE_LIMIT_STORE_FAILURE: 'closed', RATE_LIMIT_STORE_TIMEOUT_MS: '200' }))
      .toMatchObject({ workers: 4, rateLimitStoreFailure: 'closed', rateLimitStoreTimeoutMs: 200 });
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(/^WORKERS must be between 1 and 64, got 0$/);
    expect(() => loadConfig({ WORKERS: 'many' })).toThrow(/^WORKERS must be an integer, got "many"$/);
    expect(() => loadConfig({ RATE_LIMIT_STORE_FAILURE: 'ajar' })).toThrow(/^RATE_LIMIT_STORE_FAILURE must be one of open, closed, got "ajar"$/);
    expect(() => loadConfig({ RATE_LIMIT_STORE_TIMEOUT_MS: '5' })).toThrow(/^RATE_LIMIT_STORE_TIMEOUT_MS must be between 10 and 60000, got 5$/);
  });

  it('writes pages as JSON and lets the heap grow by half before collecting by default (README configuration table)', () => {
    expect(loadConfig({})).toMatchObject({ jsonPages: true, heapGrowingPercent: 50 });
    expect(loadConfig({ JSON_PAGES: 'false', HEAP_GROWING_PERCENT: '0' })).toMatchObject({ jsonPages: false, heapGrowingPercent: 0 });
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '1001' })).toThrow(/^HEAP_GROWING_PERCENT must be between 0 and 1000, got 1001$/);
    expect(() => loadConfig({ JSON_PAGES: 'maybe' })).toThrow(/^JSON_PAGES/);
  });

  it('has no read replicas by default; DATABASE_READ_URLS lists them, each checked like DATABASE_URL (README, "Read replicas")', () => {
    expect(loadConfig({})).toMatchObject({ readUrls: [], maxReplicaLagMs: 2000 });
    expect(loadConfig({ DATABASE_READ_URLS: ' postgres://u:p@r1:5432/rol, postgresql://u:p@r2/rol ', MAX_REPLICA_LAG_MS: '500' }))
      .toMatchObject({ readUrls: ['postgres://u:p@r1:5432/rol', 'postgresql://u:p@r2/rol'], maxReplicaLagMs: 500 });
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://u:p@r1/rol,mysql://u@r2/rol' })).toThrow(/^DATABASE_READ_URLS must start with postgres:\/\//);
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://u:p@r1' })).toThrow(/^DATABASE_READ_URLS must name a database/);
    expect(() => loadConfig({ MAX_REPLICA_LAG_MS: 'soon' })).toThrow(/^MAX_REPLICA_LAG_MS must be an integer, got "soon"$/);
  });

  it('accepts valid values', () => {
    const c = loadConfig({ PORT: '8080', LOG_LEVEL: 'DEBUG', DATABASE_URL: 'postgresql://u:p@db:5432/rol', NODE_ENV: 'production' });
    expect(c).toMatchObject({ port: 8080, logLevel: 'debug', databaseUrl: 'postgresql://u:p@db:5432/rol', production: true });
  });
});
