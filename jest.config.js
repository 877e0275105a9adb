/** Tests run against a real PostgreSQL: test/setup/global-setup.ts starts one (or uses DATABASE_URL). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 120000,
  maxWorkers: 2,
  // Project-local cache: a shared /tmp/jest_rt may belong to another user.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
