import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'tests/bench/.work/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The shim is CommonJS (bin/package.json): see src/launch.ts.
    files: ['bin/perk.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pure core: no disk, terminal, clock or database (src/core/README.md). A core file imports only
    // other core files ('./x.js') and date-fns, the one package allowed: pure calendar functions, each
    // from its own module ('date-fns/addDays'), and @date-fns/utc's UTCDateMini (a Date with UTC
    // getters, so the arithmetic is the same in every time zone). Everything else is refused: node:
    // builtins, ../errors, ../db, ../ui, ../load, ../context, ../commands, and any other package.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./[^/]+\\.js$|date-fns/[A-Za-z]+$|@date-fns/utc/date/mini$)',
              message: 'src/core imports only core (./x.js) and date-fns: see src/core/README.md.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The clock is an argument: take `today`.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The clock is an argument.' },
        { selector: 'ImportExpression', message: 'src/core loads nothing at run time: import core statically.' },
      ],
    },
  },
);
