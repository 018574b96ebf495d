// The layering rules of ARCHITECTURE.md are checked by dependency-cruiser
// (.dependency-cruiser.cjs) and, for process.env, by ESLint (eslint.config.js).
// These tests run both the way CI does and prove that each rule still bites: they
// write files that break a rule on purpose (unique names, removed afterwards) and
// expect the check to fail, naming the file and the rule.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const lintTools = join(root, 'tools/lint');
const depcruiseBin = join(lintTools, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const eslintBin = join(lintTools, 'node_modules/eslint/bin/eslint.js');
const TOOL_TIMEOUT_MS = 180_000;

interface Run {
  code: number;
  output: string;
}

function runNode(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const depcruise = (...extra: string[]) => runNode([depcruiseBin, 'src', '--config', '.dependency-cruiser.cjs', ...extra]);
const eslint = (...files: string[]) => runNode([eslintBin, '--format', 'json', '--no-warn-ignored', ...files]);

/** Files this test wrote; removed after each group, whatever happened. */
class TempFiles {
  private readonly tag = randomBytes(6).toString('hex');
  private readonly written: string[] = [];

  /** Names `src/core/__violation_<tag>_<name>.ts` (say), repository-relative, and removes it later. */
  reserve(dir: string, name: string, prefix = '__violation'): string {
    const path = join(dir, `${prefix}_${this.tag}_${name}.ts`);
    this.written.push(path);
    return path;
  }

  /** Writes a reserved path. */
  fill(path: string, text: string): string {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
    return path;
  }

  write(dir: string, name: string, text: string, prefix = '__violation'): string {
    return this.fill(this.reserve(dir, name, prefix), text);
  }

  removeAll(): void {
    for (const path of this.written.splice(0)) rmSync(join(root, path), { force: true });
  }
}

/** An import specifier from `fromFile` to `toFile`, NodeNext style (`./x.js` for `x.ts`). */
function specifier(fromFile: string, toFile: string): string {
  const path = relative(dirname(fromFile), toFile).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Some real source file under `dir`, so the violations point at code that exists. */
function someSourceFile(dir: string): string {
  const entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.startsWith('__'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !path.includes('/generated/'))
    .sort();
  const first = entries[0];
  if (first === undefined) throw new Error(`no .ts file under ${dir}`);
  return first;
}

/** The err reporter's line for a violation: `error <rule>: <from> → <to>`. */
function violationLine(rule: string, from: string): RegExp {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`error ${rule}: ${escaped} →`);
}

beforeAll(async () => {
  const install = await runNode([join(lintTools, 'ensure-installed.mjs')]);
  expect(install.code, install.output).toBe(0);
}, TOOL_TIMEOUT_MS);

describe('dependency rules (dependency-cruiser)', () => {
  it(
    'finds no violation in the current tree',
    async () => {
      const { code, output } = await depcruise();
      expect(output).not.toMatch(/^\s*error /m);
      expect(code, output).toBe(0);
    },
    TOOL_TIMEOUT_MS,
  );

  it(
    'resolves `.js` specifiers to the `.ts` sources, so the rules see real files',
    async () => {
      const { code, output } = await depcruise('--output-type', 'json');
      expect(code, output).toBe(0);
      const result = JSON.parse(output) as {
        modules: { source: string; dependencies: { module: string; resolved: string; couldNotResolve: boolean }[] }[];
      };
      const inSrc = result.modules.filter((module) => module.source.startsWith('src/'));
      expect(inSrc.length).toBeGreaterThan(20);
      const dependencies = inSrc.flatMap((module) => module.dependencies);
      expect(dependencies.filter((dependency) => dependency.couldNotResolve)).toEqual([]);
      const jsToTs = dependencies.filter(
        (dependency) => dependency.module.startsWith('.') && dependency.module.endsWith('.js') && dependency.resolved.startsWith('src/core/'),
      );
      expect(jsToTs.length).toBeGreaterThan(0);
      for (const dependency of jsToTs) expect(dependency.resolved).toMatch(/\.ts$/);
    },
    TOOL_TIMEOUT_MS,
  );

  describe('a file that breaks a rule on purpose fails the check, naming the file and the rule', () => {
    const temp = new TempFiles();
    const files: Record<string, string> = {};
    let run: Run;

    beforeAll(async () => {
      try {
        const dataFile = someSourceFile('src/data/memory');
        const entryPointFile = someSourceFile('src/entry-points/http');
        const configFile = someSourceFile('src/config');
        const testFixture = temp.write('tests/architecture', 'fixture', 'export const fixture = 1;\n');

        files.coreToPackage = temp.write('src/core', 'package', "import { GraphQLString } from 'graphql';\n\nexport const x = GraphQLString;\n");
        files.coreToPackageType = temp.write(
          'src/core',
          'package_type',
          "import type { FastifyInstance } from 'fastify';\n\nexport type X = FastifyInstance;\n",
        );
        files.coreToBuiltin = temp.write('src/core', 'builtin', "import { readFileSync } from 'node:fs';\n\nexport const x = readFileSync;\n");
        files.coreToCrypto = temp.write('src/core', 'crypto', "import { randomUUID } from 'node:crypto';\n\nexport const x = randomUUID;\n");
        const cycleA = temp.reserve('src/core', 'cycle_a');
        const cycleB = temp.reserve('src/core', 'cycle_b');
        files.cycleA = temp.fill(cycleA, `import { b } from '${specifier(cycleA, cycleB)}';\n\nexport const a = () => b;\n`);
        files.cycleB = temp.fill(cycleB, `import { a } from '${specifier(cycleB, cycleA)}';\n\nexport const b = () => a;\n`);
        files.dataToEntryPoint = temp.write(
          'src/data',
          'entry_point',
          `import * as entryPoint from '${specifier('src/data/x.ts', entryPointFile)}';\n\nexport const x = entryPoint;\n`,
        );
        files.dataToConfig = temp.write(
          'src/data',
          'config',
          `import * as config from '${specifier('src/data/x.ts', configFile)}';\n\nexport const x = config;\n`,
        );
        files.dataToTests = temp.write(
          'src/data',
          'tests',
          `import { fixture } from '${specifier('src/data/x.ts', testFixture)}';\n\nexport const x = fixture;\n`,
        );
        files.dataToDevDependency = temp.write('src/data', 'dev_dependency', "import { describe } from 'vitest';\n\nexport const x = describe;\n");
        files.dataToNothing = temp.write(
          'src/data',
          'unresolvable',
          // The comment keeps a typecheck that runs meanwhile in the same tree quiet.
          "// @ts-expect-error -- deliberately unresolvable\nimport { nothing } from './__no_such_file.js';\n\nexport const x = nothing;\n",
        );
        files.entryPointToData = temp.write(
          'src/entry-points',
          'data',
          `import * as store from '${specifier('src/entry-points/x.ts', dataFile)}';\n\nexport const x = store;\n`,
        );
        files.entryPointToMain = temp.write('src/entry-points', 'main', "import '../main.js';\n");
        files.strayWiring = temp.write('src', 'wiring', `import * as store from '${specifier('src/x.ts', dataFile)}';\n\nexport const x = store;\n`);

        run = await depcruise();
      } catch (error) {
        temp.removeAll();
        throw error;
      }
    }, TOOL_TIMEOUT_MS);

    afterAll(() => temp.removeAll());

    const cases: [string, string, string][] = [
      ['core imports an npm package', 'coreToPackage', 'core-imports-no-packages'],
      ['core imports an npm package for its types only', 'coreToPackageType', 'core-imports-no-packages'],
      ['core imports a Node built-in other than node:crypto', 'coreToBuiltin', 'core-imports-only-core'],
      ['core imports form a cycle', 'cycleA', 'no-circular'],
      ['data imports an entry point', 'dataToEntryPoint', 'data-not-to-entry-points'],
      ['data imports the composition root', 'dataToConfig', 'adapters-not-to-composition-root'],
      ['src imports test code', 'dataToTests', 'src-not-to-tests'],
      ['src imports a devDependency at run time', 'dataToDevDependency', 'src-not-to-dev-dependencies'],
      ['src imports a file that does not exist', 'dataToNothing', 'not-to-unresolvable'],
      ['an entry point imports a store adapter', 'entryPointToData', 'entry-points-not-to-data'],
      ['an entry point imports main.ts', 'entryPointToMain', 'adapters-not-to-composition-root'],
      ['a file outside config/ wires adapters', 'strayWiring', 'only-config-wires-adapters'],
    ];

    it('exits non-zero', () => {
      expect(run.code, run.output).not.toBe(0);
    });

    it.each(cases)('when %s (%s: %s)', (_behaviour, key, rule) => {
      const file = files[key];
      expect(file).toBeDefined();
      expect(run.output).toMatch(violationLine(rule, file ?? ''));
    });

    it('lets core import node:crypto', () => {
      expect(run.output).not.toContain(`${files.coreToCrypto} →`);
    });
  });
});

describe('only the composition root reads the environment (ESLint)', () => {
  const temp = new TempFiles();
  const files: Record<string, string> = {};
  let run: Run;
  let results: { filePath: string; messages: { ruleId: string | null; message: string }[] }[];

  beforeAll(async () => {
    try {
      files.core = temp.write('src/core', 'env', 'export const value = process.env.SOME_SETTING;\n');
      files.data = temp.write('src/data', 'env', 'const { env } = process;\n\nexport const value = env.SOME_SETTING;\n');
      files.entryPoint = temp.write('src/entry-points', 'env', 'export const value = globalThis.process.env.SOME_SETTING;\n');
      files.entryPointImport = temp.write(
        'src/entry-points',
        'env_import',
        "import { env } from 'node:process';\n\nexport const value = env.SOME_SETTING;\n",
      );
      files.config = temp.write('src/config', 'env', 'export const value = process.env.SOME_SETTING;\n', '__allowed');

      run = await eslint(...Object.values(files));
      results = JSON.parse(run.output) as typeof results;
    } catch (error) {
      temp.removeAll();
      throw error;
    }
  }, TOOL_TIMEOUT_MS);

  afterAll(() => temp.removeAll());

  const rulesFor = (key: string) =>
    results.filter((result) => result.filePath === join(root, files[key] ?? '')).flatMap((result) => result.messages.map((message) => message.ruleId));

  it('fails lint', () => {
    expect(run.code, run.output).toBe(1);
  });

  it.each([
    ['process.env in core', 'core', 'no-restricted-properties'],
    ['destructuring env from process in data', 'data', 'no-restricted-properties'],
    ['globalThis.process.env in an entry point', 'entryPoint', 'no-restricted-syntax'],
    ["importing env from 'node:process' in an entry point", 'entryPointImport', 'no-restricted-imports'],
  ])('names the file and the rule for %s', (_behaviour, key, rule) => {
    expect(rulesFor(key)).toEqual([rule]);
  });

  it('lets config/ read process.env', () => {
    expect(rulesFor('config')).toEqual([]);
  });
});
