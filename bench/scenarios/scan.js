// `npm run bench -- --scenario scan`: rampart scan against ESLint + eslint-plugin-security and
// oxlint on the same files in the same run: this repository and a generated corpus of 200,000+
// lines. Every tool is a fresh process (what CI pays), rounds are shuffled, and each run's wall
// time, CPU time (user + sys, all threads) and peak RSS come from /usr/bin/time. No wrk needed.
// Writes bench/results/<date>-scan.json and the scan section of docs/performance.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, shuffle } from '../lib/stats.js';
import { generateCorpus, generateLargeFile } from './scan-corpus.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const START = '<!-- bench:scan:start -->';
const END = '<!-- bench:scan:end -->';
const node = process.execPath;
const bin = (path) => join(root, path);

function toolsFor(work) {
  const emptyConfig = join(work, 'rampart-scan.empty.json');
  writeFileSync(emptyConfig, '{}\n');
  const eslintConfig = join(work, 'eslint.config.mjs');
  writeFileSync(
    eslintConfig,
    `import security from ${JSON.stringify(join(root, 'node_modules/eslint-plugin-security/index.js'))};
import tseslint from ${JSON.stringify(join(root, 'node_modules/typescript-eslint/dist/index.js'))};
export default [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } }, { files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts}'], ...security.configs.recommended }];
`,
  );
  const eslintBare = join(work, 'eslint.bare.config.mjs');
  writeFileSync(eslintBare, `import tseslint from ${JSON.stringify(join(root, 'node_modules/typescript-eslint/dist/index.js'))};\nexport default [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } }, { files: ['**/*.{js,mjs,cjs}'] }];\n`);
  const oxBuiltin = join(work, 'oxlint.builtin.json');
  writeFileSync(oxBuiltin, '{}\n');
  const listed = execFileSync(node, [bin('packages/scan/bin/rampart-scan.js'), '--list-rules'], { encoding: 'utf8' });
  // The runner's own suppression checks are not ESLint rules.
  const rules = listed.split('\n').slice(1).map((line) => line.split(/\s+/)[0]).filter((id) => id && !id.includes('suppression'));
  const oxRampart = join(work, 'oxlint.rampart.json');
  writeFileSync(oxRampart, JSON.stringify({ plugins: [], categories: { correctness: 'off' }, jsPlugins: [{ name: 'rampart', specifier: bin('packages/eslint-plugin/dist/index.js') }], rules: Object.fromEntries(rules.map((id) => [`rampart/${id}`, 'error'])) }));
  const scanArgs = [bin('packages/scan/bin/rampart-scan.js'), '--config', emptyConfig, '--format', 'json', '--severity', 'low', '--confidence', 'low', '--include-tests'];
  return [
    { id: 'rampart', label: 'rampart scan (all rules, automatic threads)', args: (files) => [...scanArgs, ...files] },
    { id: 'rampart-1t', label: 'rampart scan (all rules, 1 thread)', env: { RAMPART_SCAN_THREADS: '1' }, args: (files) => [...scanArgs, ...files] },
    { id: 'rampart-engine', label: 'rampart scan engine only (parse + traversal, no rules, 1 thread)', env: { RAMPART_SCAN_THREADS: '1' }, args: (files) => [...scanArgs, '--only', 'unused-suppression', ...files] },
    { id: 'eslint-security', label: 'ESLint + eslint-plugin-security (typescript-eslint parser)', baseline: true, args: (files) => [bin('node_modules/eslint/bin/eslint.js'), '-c', eslintConfig, '--no-inline-config', '--no-warn-ignored', '-f', 'json', ...files] },
    { id: 'eslint-bare', label: 'ESLint, parser only (no rules)', args: (files) => [bin('node_modules/eslint/bin/eslint.js'), '-c', eslintBare, '--no-inline-config', '--no-warn-ignored', ...files] },
    { id: 'oxlint', label: 'oxlint (built-in default rules, native)', args: (files) => [bin('node_modules/oxlint/bin/oxlint'), '-c', oxBuiltin, '-f', 'json', ...files] },
    { id: 'oxlint-rampart', label: 'oxlint + @rampart/eslint-plugin (jsPlugins)', args: (files) => [bin('node_modules/oxlint/bin/oxlint'), '-c', oxRampart, '-f', 'json', ...files] },
  ];
}

/** One run of one tool: wall, CPU and peak RSS of the process (and its threads) from /usr/bin/time. */
function measure(tool, files, cwd, work) {
  const out = join(work, 'time.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, node, ...tool.args(files)], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...tool.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 2 ** 20,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const [, user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  // Linters exit 1 when they report something: that is the expected outcome here, not a failure.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${tool.id} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  return { wallMs, cpuMs: (user + sys) * 1000, rssMiB: rssKb / 1024 };
}

function repositoryFiles() {
  const listed = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  return listed.filter((file) => !file.endsWith('.d.ts') && existsSync(join(root, file)));
}

const countLines = (cwd, files) => files.reduce((sum, file) => sum + readFileSync(join(cwd, file), 'utf8').split('\n').length, 0);

function summarise(samples, lines, files) {
  const wallMs = median(samples.map((s) => s.wallMs));
  const cpuMs = median(samples.map((s) => s.cpuMs));
  return { wallMs, cpuMs, rssMiB: Math.max(...samples.map((s) => s.rssMiB)), linesPerSecond: lines / (wallMs / 1000), filesPerSecond: files / (wallMs / 1000), cpuMsPer1000Lines: cpuMs / (lines / 1000), rounds: samples.length };
}

/** Re-renders the docs section from a saved results file (e.g. after a change to the goals). */
export function rewriteScanSection(jsonPath) {
  const saved = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const verdicts = goals(saved.results, saved.memory);
  writeResults({ options: saved.options, rounds: saved.rounds, results: saved.results, memory: saved.memory, verdicts, date: saved.date, machine: saved.machine });
}

export async function runScanBench(options) {
  if (!existsSync('/usr/bin/time')) throw new Error('bench scan: /usr/bin/time is needed for CPU time and peak RSS (Debian: apt-get install time)');
  if (!existsSync(bin('packages/scan/dist/cli.js')) || !existsSync(bin('packages/eslint-plugin/dist/index.js'))) throw new Error('bench scan: run npm run build first');
  const work = mkdtempSync(join(tmpdir(), 'rampart-bench-scan-'));
  try {
    const tools = toolsFor(work);
    const corpusDir = join(work, 'corpus');
    const generated = generateCorpus(corpusDir, { totalLines: 200_000 });
    const corpusFiles = execFileSync('find', ['src', '-type', 'f'], { cwd: corpusDir, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    const corpora = [
      { id: 'repository', title: 'this repository (every tracked .ts/.js file, tests and fixtures included)', cwd: root, files: repositoryFiles() },
      { id: 'generated', title: `generated corpus (${generated.files} files of Express/Fastify routes, services, utilities)`, cwd: corpusDir, files: corpusFiles },
    ];
    for (const corpus of corpora) corpus.lines = countLines(corpus.cwd, corpus.files);
    const rounds = options.quick ? 1 : Math.max(1, options.rounds);
    console.log(`  ${rounds} round(s); ${corpora.map((c) => `${c.id}: ${c.files.length} files, ${c.lines} lines`).join('; ')}`);
    const samples = new Map();
    // Warm the file cache once so that the first tool measured does not pay for the disk.
    for (const corpus of corpora) countLines(corpus.cwd, corpus.files);
    for (let round = 1; round <= rounds; round += 1) {
      for (const { corpus, tool } of shuffle(corpora.flatMap((c) => tools.map((t) => ({ corpus: c, tool: t }))))) {
        const sample = measure(tool, corpus.files, corpus.cwd, work);
        const key = `${corpus.id}/${tool.id}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        console.log(`  round ${round} ${key}: ${(sample.wallMs / 1000).toFixed(2)} s wall, ${(sample.cpuMs / 1000).toFixed(2)} s CPU, ${sample.rssMiB.toFixed(0)} MiB`);
      }
    }
    const results = corpora.map((corpus) => {
      const byTool = Object.fromEntries(tools.map((tool) => [tool.id, { label: tool.label, ...summarise(samples.get(`${corpus.id}/${tool.id}`), corpus.lines, corpus.files.length) }]));
      const base = byTool['eslint-security'];
      for (const entry of Object.values(byTool)) {
        entry.throughputRatio = entry.linesPerSecond / base.linesPerSecond;
        entry.cpuRatio = entry.cpuMsPer1000Lines / base.cpuMsPer1000Lines;
        entry.rssRatio = entry.rssMiB / base.rssMiB;
      }
      return { id: corpus.id, title: corpus.title, files: corpus.files.length, lines: corpus.lines, tools: byTool };
    });
    const memory = measureMemory(work, tools.find((tool) => tool.id === 'rampart-1t'));
    const verdicts = goals(results, memory);
    console.log('\n  Goals');
    for (const verdict of verdicts) console.log(`    ${verdict.met ? 'MET ' : 'MISS'} ${verdict.text}`);
    writeResults({ options, rounds, results, memory, verdicts });
    return { id: 'scan', title: 'Scan', results, memory, verdicts };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Peak RSS of one rampart scan process on a single file of growing size: it should grow linearly. */
function measureMemory(work, tool) {
  const points = [];
  for (const target of [5_000, 20_000, 80_000]) {
    const file = join(work, `large-${target}.ts`);
    const lines = generateLargeFile(file, target);
    const sample = measure(tool, [file], work, work);
    points.push({ lines, rssMiB: sample.rssMiB, cpuMs: sample.cpuMs });
    console.log(`  memory: one file of ${lines} lines: ${sample.rssMiB.toFixed(0)} MiB peak RSS, ${(sample.cpuMs / 1000).toFixed(2)} s CPU`);
  }
  const [a, , c] = points;
  return { points, mibPer10kLines: ((c.rssMiB - a.rssMiB) / (c.lines - a.lines)) * 10_000 };
}

function goals(results, memory) {
  const repo = results.find((r) => r.id === 'repository').tools;
  const generated = results.find((r) => r.id === 'generated').tools;
  const [small, middle, large] = memory.points;
  // Linear: the growth from 20k to 80k lines is about 3x the growth from 5k to 20k (within 1.5x).
  const growthRatio = (large.rssMiB - middle.rssMiB) / Math.max(1, middle.rssMiB - small.rssMiB) / ((large.lines - middle.lines) / (middle.lines - small.lines));
  return [
    { met: repo.rampart.wallMs < 1000, text: `this repository in ${(repo.rampart.wallMs / 1000).toFixed(2)} s wall (goal < 1 s on 2 cores; ${repo.rampart.cpuMs.toFixed(0)} ms CPU)` },
    // Wall time on a shared machine swings with its load; CPU time per line does not: both are reported.
    { met: 1 / generated['rampart-1t'].cpuRatio >= 10, text: `generated corpus, per CPU second: ${(1 / generated['rampart-1t'].cpuRatio).toFixed(2)} x the lines of ESLint + eslint-plugin-security (goal >= 10); the engine alone ${(1 / generated['rampart-engine'].cpuRatio).toFixed(2)} x` },
    { met: 1 / repo['rampart-1t'].cpuRatio >= 10, text: `this repository, per CPU second: ${(1 / repo['rampart-1t'].cpuRatio).toFixed(2)} x the lines of ESLint + eslint-plugin-security (goal >= 10); the engine alone ${(1 / repo['rampart-engine'].cpuRatio).toFixed(2)} x` },
    { met: generated.rampart.throughputRatio >= 10, text: `generated corpus: ${generated.rampart.throughputRatio.toFixed(2)} x the lines/s of ESLint + eslint-plugin-security (goal >= 10)` },
    { met: repo.rampart.throughputRatio >= 10, text: `this repository: ${repo.rampart.throughputRatio.toFixed(2)} x the lines/s of ESLint + eslint-plugin-security (goal >= 10)` },
    { met: growthRatio > 0.5 && growthRatio < 1.5, text: `memory grows linearly with the largest file: ${memory.mibPer10kLines.toFixed(1)} MiB per 10,000 lines; growth 20k->80k is ${growthRatio.toFixed(2)} x the linear extrapolation of 5k->20k (goal 0.5-1.5)` },
  ];
}

function writeResults({ options, rounds, results, memory, verdicts, date = new Date().toISOString().slice(0, 10), machine: savedMachine }) {
  const commit = savedMachine?.commit ?? (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const machine = savedMachine ?? { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, commit };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, `bench/results/${date}-scan.json`), `${JSON.stringify({ date, machine, options: { ...options, only: undefined }, rounds, results, memory, verdicts }, null, 2)}\n`);
  const table = (result) =>
    `#### ${result.title}: ${result.files} files, ${result.lines.toLocaleString('en-US')} lines\n\n| tool | lines/s | files/s | x ESLint+security lines/s | CPU ms / 1,000 lines | x ESLint+security CPU | peak RSS MiB | x ESLint+security RSS |\n|---|---:|---:|---:|---:|---:|---:|---:|\n${Object.values(result.tools)
      .sort((a, b) => b.linesPerSecond - a.linesPerSecond)
      .map((t) => `| ${t.label} | ${Math.round(t.linesPerSecond).toLocaleString('en-US')} | ${Math.round(t.filesPerSecond)} | ${t.throughputRatio.toFixed(2)} | ${t.cpuMsPer1000Lines.toFixed(1)} | ${t.cpuRatio.toFixed(2)} | ${t.rssMiB.toFixed(0)} | ${t.rssRatio.toFixed(2)} |`)
      .join('\n')}\n`;
  const section = [
    START,
    `_Measured ${date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, commit ${commit}; ${rounds} shuffled round(s), medians; each run a fresh process; CPU = user + sys of all threads (from /usr/bin/time); \`npm run bench -- --scenario scan\`._`,
    '',
    '**Goals**',
    '',
    ...verdicts.map((v) => `- ${v.met ? 'met' : '**missed**'}: ${v.text}`),
    '',
    ...results.map(table),
    `#### Memory against the size of the largest file (rampart scan, 1 thread, one file)\n\n| lines | peak RSS MiB | CPU s |\n|---:|---:|---:|\n${memory.points.map((p) => `| ${p.lines.toLocaleString('en-US')} | ${p.rssMiB.toFixed(0)} | ${(p.cpuMs / 1000).toFixed(2)} |`).join('\n')}\n`,
    END,
  ].join('\n');
  const docPath = join(root, 'docs/performance.md');
  const current = readFileSync(docPath, 'utf8');
  const next = current.includes(START)
    ? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length)
    : `${current.trimEnd()}\n\n## Scan (rampart scan against ESLint + eslint-plugin-security and oxlint)\n\nWhat the numbers mean and why they are what they are: docs/decisions/scan.md.\n\n${section}\n`;
  writeFileSync(docPath, next);
}
