import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One `no-restricted-imports` rule from import patterns. */
const fence = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

// Workflow and domain code must stay deterministic: no I/O modules, nothing from the outer layers
// (activities only as `import type`, for the proxies' signatures).
const deterministic = [
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'pg', 'better-sqlite3', 'nodemailer', 'pino', 'exceljs', 'echarts'],
    message: 'I/O and heavy runtime libraries stay out of domain/, temporal/ and workflows/.',
  },
  { group: ['@prisma/*', '*/generated/*', '**/generated/**'], message: 'The database belongs to activities/.' },
  { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Not in workflow code.' },
  {
    group: ['**/activities/**', '**/activities'],
    allowTypeImports: true,
    message: 'Only `import type` of activity interfaces.',
  },
];
const outerLayers = () => ({
  group: [
    '**/admin/**',
    '**/launcher/**',
    '**/list-files/**',
    '**/campaign-files/**',
    '**/reporting/**',
    '**/read-side/**',
    '**/shared/config',
    '**/shared/logger',
    '**/server/**',
  ],
  message: 'Outer layers are not imported here.',
});
const temporalPlumbing = {
  group: ['@temporalio/*', '**/temporal/**', '**/workflows/**'],
  message: 'domain/ holds rules only: Temporal plumbing lives in temporal/, workflows in workflows/.',
};
const serverLayers = {
  group: ['**/server/**', '**/admin/**', '**/worker/**'],
  message: 'The report and the read side are read by the server, not the other way round.',
};
const adminScript = { group: ['**/admin/**'], message: 'The admin script is a client of the server, not a library.' };
const launcherOnlyFromOutside = {
  group: ['**/launcher/**'],
  message: 'The dev launcher and demo start the product; nothing in it imports them (tests and benches may).',
};
const httpOnly = [
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@prisma/*', '**/generated/**'],
    message: 'The admin script speaks only HTTP to the dondoc server.',
  },
  {
    group: ['**/prisma/**', '**/activities/**', '**/worker/**', '**/server/**', '**/read-side/**'],
    allowTypeImports: true,
    message: 'The admin script speaks only HTTP: only `import type` of what the server answers.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'generated/', '.data/', '.temporal/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The layers, inner to outer: domain/ (rules) ← temporal/ (what clients and workflows agree on) ←
  // workflows/ ← activities/, reporting/, read-side/ ← server/ ← admin/ (HTTP only), launcher/.
  { files: ['domain/**/*.ts'], rules: fence(...deterministic, temporalPlumbing, outerLayers()) },
  { files: ['temporal/**/*.ts', 'workflows/**/*.ts'], rules: fence(...deterministic, outerLayers()) },
  { files: ['reporting/**/*.ts', 'read-side/**/*.ts'], rules: fence(serverLayers, launcherOnlyFromOutside) },
  {
    files: ['activities/**/*.ts', 'worker/**/*.ts', 'shared/**/*.ts', 'list-files/**/*.ts', 'campaign-files/**/*.ts'],
    rules: fence(adminScript, launcherOnlyFromOutside),
  },
  { files: ['prisma/**/*.ts', 'server/**/*.ts'], rules: fence(adminScript, launcherOnlyFromOutside) },
  { files: ['admin/**/*.ts'], rules: fence(...httpOnly, launcherOnlyFromOutside) },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
);
