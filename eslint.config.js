import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', '.data', 'test-results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The layers (see ../shared/conventions.md): shared is pure; the renderer reaches main only through the contract.
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [
        'node:*',
        'fs',
        'path',
        'crypto',
        'electron',
        'react',
        'dexie',
        '**/server/**',
        '**/electron/**',
        '**/renderer/**',
      ],
      'shared/ is pure TypeScript: no Node, no DOM, no other layer.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['node:*', 'electron', '**/server/**', '**/electron/**'],
        'The renderer talks to the main process only through the typed API in shared/api.',
      ),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(['electron', '**/renderer/**', '**/electron/**'], 'The server depends on shared/ only.'),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/server/**'], 'The main process depends on shared/ only.'),
  },
  // The browser host may embed the sync server in its own process (`npm run start:web`); nothing else in electron/ may.
  {
    files: ['electron/browser-host/**/*.ts'],
    rules: restrict(
      ['**/renderer/**'],
      'The browser host serves the built renderer; it never imports its code.',
    ),
  },
  prettier,
);
