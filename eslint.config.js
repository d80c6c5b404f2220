// ESLint: a focused rule set, not a style guide (Prettier formats). What it enforces and why is
// in docs/ARCHITECTURE.md, "Rules the tools enforce".
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from './tools/eslint-boundaries.js';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/test-util.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'web/dist/**',
      'data/**',
      'tmp/**',
      'test-results/**',
      'artifacts/**',
      'bench/similarity/.tmp/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // TypeScript everywhere, type-aware: each file is checked with the tsconfig.json nearest to it
  // (web/tsconfig.json for web/src, the root one for src, test and bench).
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, jianshi: boundaries },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // useNavigate() under <BrowserRouter> navigates synchronously and returns undefined; its
            // type says `void | Promise<void>` only for data routers, which the web does not use.
            { from: 'package', name: 'NavigateFunction', package: 'react-router' },
            // invalidateQueries() never rejects (react-query catches refetch errors unless
            // throwOnError is set); not awaiting it is the intended fire-and-forget refresh.
            { from: 'package', name: 'invalidateQueries', package: '@tanstack/query-core' },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  // Config files that no tsconfig includes: plain (not type-aware) parsing.
  {
    files: ['web/vite.config.ts', 'web/antd-css.ts', 'vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  // React hooks in the front end.
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Import boundaries (run-time code; tests may reach for fixtures and Node).
  {
    files: ['src/core/**/*.ts'],
    ignores: TESTS,
    rules: {
      'jianshi/boundaries': [
        'error',
        {
          allow: ['src/core'],
          noNode: true,
          noPackages: true,
          reason: 'the core is pure: it imports only src/core (no Node built-ins, no packages, no storage or server)',
        },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    ignores: TESTS,
    rules: {
      'jianshi/boundaries': [
        'error',
        {
          allow: ['src/core', 'src/contract'],
          noNode: true,
          noPackages: true,
          packages: ['zod'],
          reason: 'the API contract is pure: zod schemas over the core, shared by the server and (as types) the web',
        },
      ],
    },
  },
  {
    files: ['src/server/domain/**/*.ts'],
    ignores: TESTS,
    rules: {
      'jianshi/boundaries': [
        'error',
        {
          deny: ['src/server/routes', 'src/storage/schema.js', 'src/storage/similarity', 'src/storage/migrations'],
          // The store's type only: where the opinion spool and the link key keep their files beside it.
          typeOnly: ['src/storage/repositories', 'src/storage/db.js'],
          reason:
            'the domain calls the repositories it is handed (their types only): no SQL, no database handle, no dialect',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'SQL lives in src/storage/repositories.' },
            { name: 'better-sqlite3', message: 'SQL lives in src/storage.' },
            { name: 'pg', message: 'SQL lives in src/storage.' },
          ],
          patterns: [{ group: ['kysely/*'], message: 'SQL lives in src/storage/repositories.' }],
        },
      ],
    },
  },
  // The rest of the server (handlers, scheduler, outbox worker) writes no SQL either.
  {
    files: ['src/server/routes/**/*.ts', 'src/server/notifications/**/*.ts', 'src/server/jobs/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'SQL lives in src/storage/repositories.' },
            { name: 'better-sqlite3', message: 'SQL lives in src/storage.' },
            { name: 'pg', message: 'SQL lives in src/storage.' },
          ],
          patterns: [{ group: ['kysely/*'], message: 'SQL lives in src/storage/repositories.' }],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: TESTS,
    rules: {
      'jianshi/boundaries': [
        'error',
        { deny: ['src/server/routes'], reason: 'the CLI calls the domain, never an HTTP route folder' },
      ],
    },
  },
  {
    files: ['src/formats/**/*.ts', 'src/storage/**/*.ts'],
    ignores: TESTS,
    rules: {
      'jianshi/boundaries': [
        'error',
        { deny: ['src/server', 'src/cli'], reason: 'formats and storage sit below the server and the CLI' },
      ],
    },
  },
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'jianshi/boundaries': [
        'error',
        {
          allow: ['web/src', 'src/core', 'src/contract'],
          noNode: true,
          typeOnly: ['src/contract'],
          reason: 'the web imports only web/src, the pure core and the API contract',
        },
      ],
    },
  },
);
