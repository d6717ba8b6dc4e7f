/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const swc = require('./jest.swc.js');
const transform: Config['transform'] = { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] };

/**
 * One Jest run, several projects:
 * - unit: pure functions, no servers.
 * - e2e: the production AppModule/WorkerModule against real PostgreSQL and Redis
 *   (embedded ones are started by the global setup unless DATABASE_URL/REDIS_URL are set).
 * - browser: the SPA in Debian Chromium driven by playwright-core.
 * - sandbox: the Stripe/Xero/LeadByte emulators' own tests (apps/sandbox/jest.config.ts).
 */
const servers = {
  globalSetup: '<rootDir>/apps/api/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/test/setup/global-teardown.ts',
};

const config: Config = {
  maxWorkers: 2,
  // Slowest files first (their durations: .ci/test-durations.json), so both workers end together.
  testSequencer: '<rootDir>/jest.sequencer.cjs',
  // Global only: Jest ignores testTimeout inside projects.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
      testEnvironment: 'node',
      transform,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/api/test/**/*.e2e-spec.ts'],
      testEnvironment: 'node',
      transform,
      ...servers,
    },
    {
      displayName: 'browser',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/api/test/**/*.browser-spec.ts'],
      testEnvironment: 'node',
      transform,
      ...servers,
    },
    '<rootDir>/apps/sandbox/jest.config.ts',
  ],
};

export default config;
