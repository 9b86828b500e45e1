// Scenario 9 (issue 16): the platform's own GET /health in production mode at LOG_LEVEL=warn
// (every guard layer plus the platform's hooks, metrics included) against bare Fastify sending the
// same headers, measured interleaved with the server's CPU time per request as the primary figure.
import { fileURLToPath } from 'node:url';
import { measureInterleaved, describeSample } from '../lib/interleave.js';
import { headersToCopy } from '../lib/copied-headers.js';
import { platformUnavailableReason, startPlatform, startProcess } from '../lib/platform-process.js';
import { fixed, markdownTable, skippedResult, summariseThroughput, THROUGHPUT_COLUMNS } from '../lib/platform-report.js';
import { pairedRatio } from '../lib/stats.js';
import { ALLOWED_ORIGIN } from '../targets/common.js';

const BARE = fileURLToPath(new URL('../targets/health-bare.js', import.meta.url));
const GOAL = { minRpsRatio: 0.85, maxCpuRatio: 1.2 };

export const platformHealthScenario = {
  id: 'platform-health',
  title: '9. Platform GET /health (production, LOG_LEVEL=warn, metrics on) vs bare Fastify sending the same headers',
  custom: runPlatformHealth,
};

async function runPlatformHealth({ options, serverCpu, loadCpu }) {
  const scenario = platformHealthScenario;
  const unavailable = platformUnavailableReason();
  if (unavailable) return skippedResult(scenario, `the platform is ${unavailable}`);
  const request = { Origin: ALLOWED_ORIGIN, Accept: 'application/json' };
  const started = [];
  try {
    // The health class must never trip under load: the bench measures the work of a 200.
    const platform = await startPlatform({ env: { RATE_LIMIT_HEALTH: '9999999/minute' }, cpu: serverCpu });
    started.push(platform);
    const copied = await headersToCopy({ name: 'the platform', port: platform.port, path: '/health', headers: request });
    const bare = await startProcess({ name: 'bare Fastify /health', script: BARE, env: { BENCH_HEADERS: JSON.stringify(copied) }, cpu: serverCpu });
    started.push(bare);
    const targets = [
      { key: 'health-bare', label: 'bare Fastify, same headers (baseline)', server: bare },
      { key: 'platform', label: 'Rampart platform GET /health', server: platform },
    ].map((t) => ({ ...t, url: `http://127.0.0.1:${t.server.port}/health`, headers: request, pid: t.server.pid, rss: () => t.server.rss() }));
    const samples = await measureInterleaved({
      targets, rounds: options.rounds, seconds: options.seconds, warmup: options.warmup, connections: options.connections, loadCpu,
      onSample: (round, key, s) => console.log(`  round ${round} ${key}: ${describeSample(s)}`),
    });
    const summary = Object.fromEntries(targets.map((t) => [t.key, summariseThroughput(t.label, samples.get(t.key))]));
    for (const [key, entry] of Object.entries(summary)) {
      entry.rpsRatio = pairedRatio(samples.get(key), samples.get('health-bare'), 'rps');
      entry.p99Ratio = pairedRatio(samples.get(key), samples.get('health-bare'), 'p99Ms');
      entry.cpuRatio = pairedRatio(samples.get(key), samples.get('health-bare'), 'cpuUsPerRequest');
    }
    const measured = summary.platform;
    const verdicts = [
      { met: measured.cpuRatio <= GOAL.maxCpuRatio, text: `scenario 9: platform GET /health ${fixed(measured.cpuRatio)} x bare Fastify CPU time per request (goal <= ${GOAL.maxCpuRatio.toFixed(2)})` },
      { met: measured.rpsRatio >= GOAL.minRpsRatio, text: `scenario 9: platform GET /health ${fixed(measured.rpsRatio)} x bare Fastify req/s (goal >= ${GOAL.minRpsRatio.toFixed(2)})` },
    ];
    const markdown = [
      `### ${scenario.title}`,
      '',
      `Both on core 0, wrk on core 1, ${options.connections} connections, ${options.rounds} interleaved round(s) of ${options.seconds}s per target after a ${options.warmup}s warm-up. The baseline sends the ${Object.keys(copied).length} headers the platform sent (captured at the start of the scenario) and a fresh request id.`,
      '',
      markdownTable(THROUGHPUT_COLUMNS, [measured, summary['health-bare']]),
      '',
    ].join('\n');
    return { id: scenario.id, title: scenario.title, targets: summary, verdicts, markdown };
  } finally {
    for (const server of started) await server.stop();
  }
}
