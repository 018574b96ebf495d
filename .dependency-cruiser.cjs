// The layering rules of ../shared/ARCHITECTURE.md, as dependency-cruiser checks them.
// `npm run depcruise` fails on any `error`; tests/architecture/layering.test.ts proves
// each rule still bites. What dependency-cruiser cannot see (process.env, which is a
// global, not an import) is checked by ESLint: see eslint.config.js.
//
// Paths are resolved paths relative to the repository root: `../auth/actor.js` in a
// source file is matched as `src/core/auth/actor.ts`; Node built-ins appear without
// their `node:` prefix (`node:crypto` is `crypto`); packages as `node_modules/...`.

/** Every kind of dependency on an npm package, declared or not. */
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment:
        'core/ is the business: it imports only core/ and the Node built-in node:crypto. ' +
        'No npm package (not even for types), no other layer, no other built-in.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^crypto$'], dependencyTypesNot: NPM },
    },
    {
      name: 'core-imports-no-packages',
      comment: 'core/ depends on no npm package: not graphql, type-graphql, Prisma, mongodb nor an HTTP framework.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: NPM },
    },
    {
      name: 'data-not-to-entry-points',
      comment: 'data/ adapters implement core ports; they never reach into the transports.',
      severity: 'error',
      from: { path: '^src/data/' },
      to: { path: '^src/entry-points/' },
    },
    {
      name: 'entry-points-not-to-data',
      comment: 'entry-points/ call use cases; reads and writes go through core ports, never a store adapter.',
      severity: 'error',
      from: { path: '^src/entry-points/' },
      to: { path: '^src/data/' },
    },
    {
      name: 'adapters-not-to-composition-root',
      comment:
        'data/ and entry-points/ never import config/ or main.ts: only the composition root knows every piece. ' +
        'A bootstrap that reads the environment (a CLI main, say) belongs in config/.',
      severity: 'error',
      from: { path: '^src/(data|entry-points)/' },
      to: { path: '^src/(config/|main\\.ts$)' },
    },
    {
      name: 'only-config-wires-adapters',
      comment:
        'Only config/ and main.ts import data/ and entry-points/ (data/ and entry-points/ may import within themselves). ' +
        'Any other file in src/ that does is a second composition root.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(data/|entry-points/|config/|main\\.ts$)' },
      to: { path: '^src/(data|entry-points)/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles hide the direction of dependencies; type-only imports count too.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests',
      comment: 'Production code never imports test code or fixtures.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^tests/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment:
        'The image installs production dependencies only (npm ci --omit=dev): a runtime import of a ' +
        'devDependency from src/ works in tests and fails in production.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/data/prisma/generated/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that does not resolve cannot be checked by the rules above (and will not run). ' +
        'This also guards the resolution of `.js` specifiers to `.ts` sources.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      comment:
        'A package missing from package.json only works while another dependency happens to bring it; ' +
        'declare it in dependencies.',
      severity: 'warn',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    // Type-only imports are dependencies too: `import type { GraphQLSchema } from 'graphql'` in core/ is a violation.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Generated clients are resolved (so imports of them are checked) but not analysed themselves.
    doNotFollow: { path: ['node_modules', '^src/data/prisma/generated/'] },
    // ESM + NodeNext: `import './x.js'` names the source `./x.ts`. dependency-cruiser retries a
    // `.js` specifier that does not exist as `.ts` (as tsc does); the architecture test proves it
    // (and `not-to-unresolvable` fails loudly if that ever stops working).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
