// Jest runs TypeScript as native ESM through ts-jest (TypeScript 5.x: ts-jest needs its JS API).
// `npm test` sets NODE_OPTIONS=--experimental-vm-modules, which Jest's ESM support requires.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }]
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
  testTimeout: 60000,
  // The runner-level suites spend most of their time waiting on real clocks (poll intervals,
  // scripted rollouts, a one-minute wait-for-minutes); on two cores Jest's default of one worker
  // would run them one after another.
  maxWorkers: 4,
  clearMocks: true
}
