// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type
// information) plus the one layering rule dependency-cruiser cannot see: only the
// composition root (src/config/, src/main.ts) reads the environment.
//
// The lint tools live in tools/lint/ with their own lockfile, because typescript-eslint
// needs the TypeScript 6 compiler API and the app's `typescript` is 7 (no JS API).
// See tools/lint/README.md. That is why the imports below resolve from tools/lint/.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const { defineConfig, globalIgnores } = require('eslint/config');
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const processEnvMessage =
  'Only src/config/ reads the environment (ARCHITECTURE.md): take the value as a parameter from the composition root.';

export default defineConfig(
  globalIgnores([
    'dist/',
    'coverage/',
    '.data/',
    // Generated code (the Prisma client, GraphQL codegen output) is not ours to lint.
    '**/generated/',
    'tools/lint/node_modules/',
  ]),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter required by a signature, a skipped element).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Test helpers handle parsed JSON bodies and type-level argument tricks
    // (`{} extends TVariables` asks "are all variables optional?"): both are deliberate there.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'layering/no-process-env-outside-config',
    files: ['src/core/**', 'src/data/**', 'src/entry-points/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: processEnvMessage }],
      'no-restricted-syntax': [
        'error',
        {
          // globalThis.process.env, global.process.env
          selector: "MemberExpression[property.name='env'][object.type='MemberExpression'][object.property.name='process']",
          message: processEnvMessage,
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'process', importNames: ['env'], message: processEnvMessage },
            { name: 'node:process', importNames: ['env'], message: processEnvMessage },
          ],
        },
      ],
    },
  },
);
