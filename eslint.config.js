// ESLint, flat config. Fast by design: typescript-eslint's syntax-only rules (no type information), plus
// import-x's no-cycle and Rigenera's own house rules in eslint/rigenera.js. `npm run lint` runs it.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { KERNEL, PRIVATE } from './eslint/layers.js';
import rigenera from './eslint/rigenera.js';

/**
 * Base rules switched off, and why. None of the recommended rules needed mass edits on the server: the
 * few violations left are real and listed by `npm run lint`.
 */
const OFF = {
  'no-control-regex': 'off', // the validators match control characters on purpose, to refuse them
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'bench-results/', 'coverage/', '**/*.min.js', 'test/fixtures/', '.jscpd-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { 'import-x': importX, rigenera },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      ...OFF,
      // `inTransaction(ctx, ({ trx, ...ctx }) => …)` shadows the outer ctx on purpose (no ctx.db inside a
      // transaction), even where the callback needs nothing else of it.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_|^ctx$', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'prefer-const': ['error', { destructuring: 'all' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Type-only imports are not runtime edges: no-cycle skips them.
      'import-x/no-cycle': 'error',
    },
  },
  {
    // The server: the layer rule and the role rule.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/access/**'],
    rules: {
      'rigenera/feature-layers': ['error', { kernel: KERNEL, private: PRIVATE }],
      'rigenera/role-checks-in-access': 'error',
      // Hono's c.var copies every request variable into a new object on each read; c.get reads one.
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='c'][property.name='var']", message: "Use c.get('name'): c.var copies every variable on each read." }],
    },
  },
  {
    // Views take view models: they reach no repository, routes or api either. Roles are asked of the policy.
    files: ['views/**/*.{ts,tsx}'],
    rules: {
      'rigenera/feature-layers': ['error', { kernel: KERNEL, private: PRIVATE }],
      'rigenera/role-checks-in-access': 'error',
    },
  },
  {
    // Scripts run in the browser.
    files: ['views/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }] },
  },
  {
    // Tests, scripts and their helpers: relaxed, no layer rule (they set up any feature's rows).
    files: ['test/**/*.{ts,tsx,js,mjs}', 'scripts/**/*.{ts,tsx,js,mjs}', 'vitest.config.ts', 'eslint/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-this-alias': 'off', // a script's patched prototype keeps its own `this`
      '@typescript-eslint/no-explicit-any': 'off', // test doubles and fixtures reach into untyped shapes
      'import-x/no-cycle': 'off',
    },
  },
);
