/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const swc = require('../../jest.swc.js');

const config: Config = {
  displayName: 'sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  testTimeout: 60_000,
};

export default config;
