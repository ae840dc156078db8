/** Tests run against a real Temporal dev server and real databases, started once per run. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The crash / restart / outage suites kill processes and servers: `npm run test:faults` runs them.
  testPathIgnorePatterns:
    process.env.DONDOC_FAULTS === '1'
      ? []
      : ['/test/faults/(worker-kill|server-restart|database-outage|campaign-fan-out)\\.test\\.ts$'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ES-module-only dependencies are compiled like our own code: the Ed25519 verifier (@noble/*),
  // @fastify/static's content-disposition, openid-client and oidc-provider (with oauth4webapi and jose).
  transformIgnorePatterns: [
    '/node_modules/(?!(@noble/|@fastify/static/node_modules/content-disposition/|content-disposition/|openid-client/|oauth4webapi/|jose/|oidc-provider/))',
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts', '<rootDir>/test/support/setup.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  testTimeout: 60_000,
  // One more than the machine's two cores: the files that wait out campaign days in real seconds
  // leave a core idle (bench/README.md, "The test suite's time").
  maxWorkers: 3,
};
