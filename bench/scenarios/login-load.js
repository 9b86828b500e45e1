// Scenario 7 (issue 3): login under load must not starve other requests. While logins run at the
// login class limit (every synthetic client address, sent as X-Forwarded-For through the trusted
// loopback proxy, makes exactly as many attempts as the class admits per window, so every attempt
// reaches Argon2id), the p99 of GET /health must stay under 3 x its idle p99, same process, same run.
// /health is measured by a fixed-rate open-loop probe (latency from the scheduled send time).
import { median, shuffle } from '../lib/stats.js';
import { postJson } from '../lib/platform-http.js';
import { platformUnavailableReason, runDriver, startPlatform } from '../lib/platform-process.js';
import { addStatuses, fixed, markdownTable, skippedResult, statusList } from '../lib/platform-report.js';
import { ALLOWED_ORIGIN } from '../targets/common.js';

export const loginLoadScenario = {
  id: 'login-load',
  title: '7. Login under load: /health p99 while logins run at their limit vs idle',
  custom: runLoginLoad,
};

const GOAL_RATIO = 3;
/** The platform's default login class (5 per minute per client address). */
const LOGIN_LIMIT_PER_ADDRESS = 5;
/** Twice the default libuv pool (4 threads), so the Argon2id queue never runs dry. */
const LOGIN_CONCURRENCY = 8;
// Well below the capacity of one core even on a busy machine: an open-loop probe above capacity
// would measure its own queue, not the effect of the logins.
const PROBE = { rate: 100, connections: 8 };

async function runLoginLoad({ options, serverCpu, loadCpu }) {
  const scenario = loginLoadScenario;
  const unavailable = platformUnavailableReason();
  if (unavailable) return skippedResult(scenario, `the platform is ${unavailable}`);
  const seconds = Math.min(options.seconds, 5);
  const platform = await startPlatform({
    // The health class must not answer the probe with 429s; the login class keeps its default.
    env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_HEALTH: '9999999/minute' },
    cpu: serverCpu,
  });
  try {
    const users = platform.users.map(({ email, password }) => ({ email, password }));
    await postJson(platform.port, '/auth/login', users[0], { expected: 200, headers: { 'x-forwarded-for': '10.255.255.254' } });
    const probe = { port: platform.port, path: '/health', seconds, headers: { Origin: ALLOWED_ORIGIN, Accept: 'application/json' }, ...PROBE };
    await runDriver({ kind: 'probe', probe: { ...probe, seconds: Math.max(1, options.warmup) } }, { cpu: loadCpu });
    const idle = [];
    const loaded = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const mode of shuffle(['idle', 'login'])) {
        const job = mode === 'idle'
          ? { kind: 'probe', probe }
          : {
              kind: 'probe', probe, leadMs: 1000,
              // A fresh address range per round: the login class windows of earlier rounds still run.
              logins: { port: platform.port, users, concurrency: LOGIN_CONCURRENCY, perAddress: LOGIN_LIMIT_PER_ADDRESS, addressOffset: round * 100_000 },
            };
        const result = await runDriver(job, { cpu: loadCpu });
        (mode === 'idle' ? idle : loaded).push(result);
        const logins = result.logins ? `; logins ${fixed(result.logins.perSecond, 1)}/s (${statusList(result.logins.statuses)})` : '';
        console.log(`  round ${round} ${mode}: /health p99 ${fixed(result.probe.p99Ms)} ms, p50 ${fixed(result.probe.p50Ms)} ms (${statusList(result.probe.statuses)})${logins}`);
      }
    }
    const idleP99 = median(idle.map((r) => r.probe.p99Ms));
    const loadedP99 = median(loaded.map((r) => r.probe.p99Ms));
    const ratio = loadedP99 / idleP99;
    const loginStatuses = addStatuses(loaded.map((r) => r.logins.statuses));
    const healthStatuses = addStatuses([...idle, ...loaded].map((r) => r.probe.statuses));
    const rows = [
      { state: 'idle', runs: idle, p50: median(idle.map((r) => r.probe.p50Ms)), p99: idleP99, max: median(idle.map((r) => r.probe.maxMs)) },
      { state: `logins at the limit (${LOGIN_CONCURRENCY} in flight)`, runs: loaded, p50: median(loaded.map((r) => r.probe.p50Ms)), p99: loadedP99, max: median(loaded.map((r) => r.probe.maxMs)) },
    ];
    const table = markdownTable(
      [
        ['/health while', (r) => r.state],
        ['p50 ms', (r) => fixed(r.p50), 'r'],
        ['p99 ms', (r) => fixed(r.p99), 'r'],
        ['max ms (median of rounds)', (r) => fixed(r.max), 'r'],
        ['p99 x idle', (r) => fixed(r.p99 / idleP99), 'r'],
      ],
      rows,
    );
    const loginsPerSecond = median(loaded.map((r) => r.logins.perSecond));
    const text = `scenario 7: /health p99 while logins run at their limit ${fixed(loadedP99)} ms = ${fixed(ratio)} x idle ${fixed(idleP99)} ms (goal < ${GOAL_RATIO} x)`;
    const markdown = [
      `### ${loginLoadScenario.title}`,
      '',
      `The platform on core 0; the probe and the login load on core 1. Probe: GET /health at ${PROBE.rate} requests/s over ${PROBE.connections} keep-alive connections for ${seconds}s, latency counted from each request's scheduled time; ${options.rounds} shuffled round(s) of idle and loaded. Login load: ${LOGIN_CONCURRENCY} workers posting correct credentials of ${users.length} users, each client address used ${LOGIN_LIMIT_PER_ADDRESS} times (the login class limit per minute), so no attempt is refused before Argon2id; ${fixed(loginsPerSecond, 1)} logins/s completed (median), answers: ${statusList(loginStatuses)}. /health answers: ${statusList(healthStatuses)}.`,
      '',
      table,
      '',
    ].join('\n');
    return {
      id: scenario.id,
      title: scenario.title,
      figures: { idleP99Ms: idleP99, loadedP99Ms: loadedP99, ratio, loginsPerSecond, loginStatuses, healthStatuses, rounds: { idle, loaded } },
      verdicts: [{ met: ratio < GOAL_RATIO, text }],
      markdown,
    };
  } finally {
    await platform.stop();
  }
}
