import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What deterministic code (workflows/, domain/) may not import. */
const DETERMINISTIC_IMPORTS = [
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'pg', 'better-sqlite3', 'nodemailer', 'pino', 'exceljs', 'echarts'],
    message: 'I/O and heavy runtime libraries stay out of domain/ and workflows/.',
  },
  {
    group: ['@prisma/*', '*/generated/*', '**/generated/**'],
    message: 'The database belongs to activities/.',
  },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
    message: 'Not in workflow code.',
  },
  {
    group: [
      '**/client/**',
      '**/list-files/**',
      '**/reporting/**',
      '**/shared/config',
      '**/shared/logger',
      '**/server/**',
    ],
    message: 'Outer layers are not imported here.',
  },
  {
    group: ['**/activities/**', '**/activities'],
    allowTypeImports: true,
    message: 'Only `import type` of activity interfaces.',
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
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      // Workflow and domain code must stay deterministic: no I/O modules, nothing from the outer layers
      // (activities only as `import type`, for the proxies' signatures).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: DETERMINISTIC_IMPORTS,
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      // The rules (access, stages, deadlines) are one pure layer: workflows derive from it, never the reverse.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DETERMINISTIC_IMPORTS,
            { group: ['**/workflows/**', '**/workflows'], message: 'domain/ holds the rules; workflows/ uses them.' },
          ],
        },
      ],
    },
  },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
);
