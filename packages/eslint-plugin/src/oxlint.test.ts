// The third way to run the rules: oxlint's jsPlugins, with the built plugin (dist/, as a user
// would load it). Every rule fixture must give the same (line, column, rule) under oxlint as
// under the rampart scan engine. Needs `npm run build` first (npm test does it); skipped, with
// the reason in the test name, when dist/ is missing. Both sides use the built rules (dist/), so a
// rule edited since the last build cannot make the two sides differ.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanRule } from '../../scan/src/rules/types.js';
import { lintWithEngine } from '../../scan/src/test-support/engine-run.js';

const pluginEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const builtRules = new URL('../../scan/dist/rules/index.js', import.meta.url);
const fixturesDir = fileURLToPath(new URL('../../scan/src/rules/fixtures/', import.meta.url));
const fixtures = existsSync(fixturesDir) ? readdirSync(fixturesDir).filter((name) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(name)).sort() : [];
const oxlintBin = join(createRequire(import.meta.url).resolve('oxlint/package.json'), '..', 'bin', 'oxlint');

interface Diagnostic {
  readonly code?: string;
  readonly message: string;
  readonly filename: string;
  readonly labels: readonly { readonly span: { readonly line: number; readonly column: number } }[];
}

const work = mkdtempSync(join(tmpdir(), 'scan-oxlint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runOxlint(files: readonly string[], allRules: readonly ScanRule[]): Diagnostic[] {
  const config = join(work, '.oxlintrc.json');
  writeFileSync(
    config,
    JSON.stringify({
      plugins: [],
      categories: { correctness: 'off' },
      jsPlugins: [{ name: 'rampart', specifier: pluginEntry }],
      rules: Object.fromEntries(allRules.map((rule) => [`rampart/${rule.meta.id}`, 'error'])),
    }),
  );
  let output: string;
  try {
    output = execFileSync(process.execPath, [oxlintBin, '-c', config, '--format', 'json', ...files], { cwd: fixturesDir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    // oxlint exits 1 when it reports errors; its JSON is still on stdout.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  try {
    return (JSON.parse(output) as { diagnostics: Diagnostic[] }).diagnostics;
  } catch {
    throw new Error(`oxlint did not print JSON: ${output.slice(0, 2000)}`);
  }
}

const built = existsSync(pluginEntry) && existsSync(fileURLToPath(builtRules));
const allRules: readonly ScanRule[] = built ? ((await import(builtRules.href)) as { allRules: readonly ScanRule[] }).allRules : [];

describe.runIf(built && fixtures.length > 0)('oxlint jsPlugins run the same rules with the same results', () => {
  const diagnostics = built && fixtures.length > 0 ? runOxlint(fixtures, allRules) : [];

  it('reports no plugin or parse failure', () => {
    expect(diagnostics.filter((d) => !(d.code ?? '').startsWith('rampart(')).map((d) => `${d.filename}: ${d.message}`)).toEqual([]);
  });

  it('loads the plugin and reports through it', () => {
    expect(diagnostics.some((d) => (d.code ?? "").startsWith('rampart('))).toBe(true);
  });

  it.each(fixtures)('%s', (name) => {
    const viaOxlint = diagnostics
      .filter((d) => d.filename.endsWith(name) && (d.code ?? "").startsWith('rampart('))
      .map((d) => `${d.labels[0]?.span.line}:${d.labels[0]?.span.column} ${(d.code ?? '').slice('rampart('.length, -1)}`)
      .sort();
    const viaEngine = lintWithEngine(readFileSync(join(fixturesDir, name), 'utf8'), name, allRules)
      .map((f) => `${f.line}:${f.column} ${f.ruleId}`)
      .sort();
    expect(viaOxlint).toEqual(viaEngine);
  });
});

// Skipped with a printed reason where nothing is built (a checkout before `npm run build`); under
// CI the build always precedes the tests, so a missing one is a failure.
if (!built) {
  const reason = 'packages/eslint-plugin/dist or packages/scan/dist is not built; run npm run build';
  if (process.env.CI === 'true') throw new Error(`oxlint tests cannot run: ${reason}`);
  console.warn(`skipping oxlint tests: ${reason}`);
}
