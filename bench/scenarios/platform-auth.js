// Scenario 6 (issue 3): the real platform's authenticated route, GET /api/me with an access token
// obtained through POST /auth/login (EdDSA verification with every claim check, the per-user
// revocation check, guard's scope check, one indexed read of `users` through Kysely on PGlite),
// against the same read and response schema on bare Fastify without guard, in the same run.
// Both processes start from the same data directory (same row, same database engine).
import { measureInterleaved, describeSample } from '../lib/interleave.js';
import { pairedRatio } from '../lib/stats.js';
import { postJson, send } from '../lib/platform-http.js';
import { platformUnavailableReason, startPlatform, startPlatformBare } from '../lib/platform-process.js';
import { THROUGHPUT_COLUMNS, fixed, markdownTable, skippedResult, summariseThroughput } from '../lib/platform-report.js';
import { ALLOWED_ORIGIN } from '../targets/common.js';

export const platformAuthScenario = {
  id: 'platform-auth',
  title: '6. Platform route: GET /api/me with a real access token vs the same read without guard',
  custom: runPlatformAuth,
};

/** Both targets must answer 200 with the same profile, or the comparison is not like for like. */
async function sameProfile(targets) {
  const bodies = [];
  for (const target of targets) {
    const res = await send({ port: target.port, path: '/api/me', headers: target.headers });
    if (res.status !== 200) throw new Error(`${target.label} answered ${res.status} on /api/me: ${res.body.slice(0, 200)}`);
    bodies.push(res.body);
  }
  if (new Set(bodies).size !== 1) throw new Error(`the targets answer different profiles: ${bodies.join(' / ')}`);
}

async function runPlatformAuth({ options, serverCpu, loadCpu }) {
  const scenario = platformAuthScenario;
  const unavailable = platformUnavailableReason();
  if (unavailable) return skippedResult(scenario, `the platform is ${unavailable}`);
  // Each round is short: the processes start once (PGlite start-up is slow) and rounds alternate.
  const seconds = Math.min(options.seconds, 5);
  const base = { Origin: ALLOWED_ORIGIN, Accept: 'application/json' };
  const started = [];
  try {
    // The authenticated class would stop the load after 300 requests a minute; it must never trip here.
    const platform = await startPlatform({ env: { RATE_LIMIT_AUTHENTICATED: '9999999/minute' }, cpu: serverCpu });
    started.push(platform);
    const user = platform.users[0];
    const { json } = await postJson(platform.port, '/auth/login', { email: user.email, password: user.password }, { expected: 200 });
    const bare = await startPlatformBare({ userId: user.id, cpu: serverCpu });
    started.push(bare);
    const targets = [
      { key: 'platform-bare', label: 'bare Fastify + the same Kysely/PGlite read (baseline)', port: bare.port, headers: base, server: bare },
      { key: 'platform', label: 'Rampart platform (guard + token + scope + read)', port: platform.port, headers: { ...base, Authorization: `Bearer ${json.accessToken}` }, server: platform },
    ];
    await sameProfile(targets);
    const samples = await measureInterleaved({
      targets: targets.map((t) => ({ ...t, url: `http://127.0.0.1:${t.port}/api/me`, pid: t.server.pid, rss: () => t.server.rss() })),
      rounds: options.rounds, seconds, warmup: options.warmup, connections: options.connections, loadCpu,
      onSample: (round, key, sample) => console.log(`  round ${round} ${key}: ${describeSample(sample)}`),
    });
    const summary = Object.fromEntries(targets.map((t) => [t.key, summariseThroughput(t.label, samples.get(t.key))]));
    const baseline = summary['platform-bare'];
    for (const [key, entry] of Object.entries(summary)) {
      entry.rpsRatio = pairedRatio(samples.get(key), samples.get('platform-bare'), 'rps');
      entry.p99Ratio = pairedRatio(samples.get(key), samples.get('platform-bare'), 'p99Ms');
      entry.cpuRatio = pairedRatio(samples.get(key), samples.get('platform-bare'), 'cpuUsPerRequest');
    }
    const measured = summary.platform;
    const text = `scenario 6: platform GET /api/me (token verification + scope + one indexed read) ${fixed(measured.rpsRatio)} x the same read without guard req/s, ${fixed(measured.cpuRatio)} x its CPU per request, p99 ${fixed(measured.p99Ratio)} x (issue 3: reported; for reference scenario 2's goal for guard alone is >= 0.50)`;
    const markdown = [
      `### ${scenario.title}`,
      '',
      `Both on core 0, wrk on core 1, ${options.connections} connections, ${options.rounds} interleaved round(s) of ${seconds}s per target after a ${options.warmup}s warm-up per target; one process per target for all rounds (the embedded database starts slowly). Baseline: bare Fastify running the platform's own profile query and response schema for a fixed user id (no token, no guard layer) on a copy of the same data directory.`,
      '',
      markdownTable(THROUGHPUT_COLUMNS, [measured, baseline]),
      '',
    ].join('\n');
    return { id: scenario.id, title: scenario.title, targets: summary, verdicts: [{ met: true, text }], markdown };
  } finally {
    for (const server of started) await server.stop();
  }
}
