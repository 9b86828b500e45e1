#!/usr/bin/env node
// `npm run bench`: every target of every scenario in one invocation on this machine, servers pinned to
// core 0 and the load generator (wrk) to core 1, warm-up, many short rounds interleaved across the
// targets, the server's CPU time per request beside req/s and p99, medians and spread, every figure
// also as a ratio to bare Fastify measured in the same rounds. Writes bench/results/<date>.json,
// a chart, and the table in docs/performance.md.
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { TARGETS, startTarget, unavailableReason, hasCommand } from './lib/targets.js';
import { runLoad, runUntil } from './lib/load.js';
import { median, spread, pairedRatio } from './lib/stats.js';
import { measureInterleaved, describeSample } from './lib/interleave.js';
import { describeMachine } from './lib/machine.js';
import { SCENARIOS } from './lib/scenarios.js';
import { precheckHeaders } from './lib/precheck.js';
import { writeReport } from './lib/report.js';
import { ALLOWED_ORIGIN } from './targets/common.js';
import { headersToCopy } from './lib/copied-headers.js';

function parseArgs(argv) {
  const options = { quick: false, rounds: 10, seconds: 3, warmup: 2, connections: 50, only: null, memoryRequests: 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { quick: true, rounds: 2, seconds: 2, warmup: 1, memoryRequests: 100_000 });
    else if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--seconds') options.seconds = Number(argv[++i]);
    else if (arg === '--connections') options.connections = Number(argv[++i]);
    else if (arg === '--warmup') options.warmup = Number(argv[++i]);
    else if (arg === '--scenario') options.only = new Set(argv[++i].split(','));
    else if (arg === '--memory-requests') options.memoryRequests = Number(argv[++i]);
    else if (arg === '--help') {
      console.log('npm run bench -- [--quick] [--rounds N] [--seconds N] [--warmup N] [--connections N] [--scenario public,authenticated,limited,redis,memory,platform-auth,platform-health,login-load,redis-limiter,deps,scan] [--memory-requests N]');
      process.exit(0);
    } else {
      console.error(`bench: unknown option ${arg} (see --help)`);
      process.exit(2);
    }
  }
  return options;
}

const redisUp = () => new Promise((resolve) => {
  const socket = connect({ host: '127.0.0.1', port: 6379 });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

const options = parseArgs(process.argv.slice(2));
// Scenarios that need no load generator run on their own, before the wrk check (bench/scenarios/<id>.js).
let standaloneGoalsMet = true;
if (options.only?.has('deps')) {
  const { runDepsBench } = await import('./scenarios/deps.js');
  const { met } = await runDepsBench(options);
  standaloneGoalsMet &&= met;
  options.only.delete('deps');
}
// The scan scenario measures linters, not HTTP.
if (options.only?.has('scan')) {
  console.log('\nScan: rampart scan vs ESLint + eslint-plugin-security vs oxlint');
  await (await import('./scenarios/scan.js')).runScanBench(options);
  options.only.delete('scan');
}
if (options.only?.size === 0) process.exit(standaloneGoalsMet ? 0 : 1);
if (!hasCommand('wrk')) {
  console.error('bench: wrk is not installed (Debian: apt-get install wrk); it is the load generator.');
  process.exit(2);
}
const pinned = cpus().length >= 2 && hasCommand('taskset');
const serverCpu = pinned ? '0' : undefined;
const loadCpu = pinned ? '1' : undefined;
const machine = describeMachine();
console.log(`bench: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''}`);
console.log(`bench: ${pinned ? 'servers on core 0, wrk on core 1' : 'not pinned (needs 2 cores and taskset)'}; ${options.rounds} interleaved round(s) x ${options.seconds}s per target after ${options.warmup}s warm-up, ${options.connections} connections`);

const label = (run) => `${run.target}${run.variant ? `+${run.variant}` : ''}`;
const requestHeaders = (token) => ({
  Origin: ALLOWED_ORIGIN,
  Accept: 'application/json',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
});

/** Every run of the scenario started at once, then interleaved rounds (see lib/interleave.js). */
async function measureThroughputInterleaved(scenario, runs) {
  const servers = [];
  try {
    for (const run of runs.filter((r) => !r.headersOf)) servers.push({ run, server: await startTarget(run.target, { env: { ...scenario.env, ...run.env }, cpu: serverCpu }) });
    // Every target gets the same request bytes: a target that checks no token (bare Fastify) is
    // sent another target's token, so that reading a long Authorization header is not counted
    // against the targets that verify it.
    const anyToken = servers.map(({ server }) => server.info.token).find(Boolean);
    // A header-equal baseline answers with the headers its model sent for the very request.
    for (const run of runs.filter((r) => r.headersOf)) {
      const model = servers.find(({ run: other }) => label(other) === run.headersOf)?.server;
      if (!model) throw new Error(`${run.target} copies the headers of ${run.headersOf}, which is not running`);
      const copied = await headersToCopy({ name: run.headersOf, port: model.port, path: scenario.path, headers: requestHeaders(scenario.withToken ? model.info.token : undefined) });
      console.log(`  ${run.target}: sends the ${Object.keys(copied).length} headers ${run.headersOf} sent (${Object.keys(copied).join(', ')}) and a fresh x-request-id`);
      servers.push({ run, server: await startTarget(run.target, { env: { ...scenario.env, ...run.env, BENCH_HEADERS: JSON.stringify(copied) }, cpu: serverCpu }) });
    }
    const targets = servers.map(({ run, server }) => ({
      key: label(run),
      url: `http://127.0.0.1:${server.port}${scenario.path}`,
      headers: requestHeaders(scenario.withToken ? server.info.token ?? anyToken : undefined),
      pid: server.pid,
      rss: () => server.rss(),
    }));
    return await measureInterleaved({
      targets, rounds: options.rounds, seconds: options.seconds, warmup: options.warmup,
      connections: options.connections, loadCpu,
      onSample: (round, key, sample) => console.log(`  round ${round} ${key}: ${describeSample(sample)}`),
    });
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

async function measureMemory(scenario, run) {
  const server = await startTarget(run.target, { env: { ...scenario.env, ...run.env }, cpu: serverCpu });
  try {
    const url = `http://127.0.0.1:${server.port}${scenario.path}`;
    const headers = requestHeaders();
    await runLoad({ url, headers, seconds: options.warmup, connections: options.connections, cpu: loadCpu });
    const before = server.rss();
    const sent = await runUntil({ url, headers, total: options.memoryRequests, connections: options.connections, distinctForwardedFor: true, cpu: loadCpu });
    const after = server.rss();
    return { requests: sent.requests, rssBeforeBytes: before, rssAfterBytes: after, growthMiB: (after - before) / 2 ** 20 };
  } finally {
    await server.stop();
  }
}

const results = [];
for (const scenario of SCENARIOS) {
  if (options.only && !options.only.has(scenario.id)) continue;
  if (scenario.needsRedis && !(await redisUp())) {
    console.log(`\n${scenario.title}\n  skipped: Redis is not reachable at 127.0.0.1:6379`);
    results.push({ id: scenario.id, title: scenario.title, skipped: 'Redis not reachable at 127.0.0.1:6379' });
    continue;
  }
  console.log(`\n${scenario.title}`);
  if (scenario.custom) { results.push(await scenario.custom({ options, serverCpu, loadCpu })); continue; }
  const runs = [];
  const skipped = [];
  for (const run of scenario.runs) {
    const reason = unavailableReason(run.target);
    if (reason) {
      console.log(`  ${label(run)}: skipped (${reason})`);
      skipped.push({ target: label(run), reason });
    } else runs.push(run);
  }
  // A header-equal baseline is like for like by construction (it copies the headers at start).
  if (scenario.headerPrecheck) await precheckHeaders(runs.filter((r) => !r.headersOf).map((r) => r.target), { path: scenario.path, cpu: serverCpu });
  let samples;
  if (scenario.memory) {
    samples = new Map();
    for (const run of runs) {
      const sample = await measureMemory(scenario, run);
      samples.set(label(run), [sample]);
      console.log(`  ${label(run)}: ${sample.growthMiB.toFixed(1)} MiB growth over ${sample.requests} requests`);
    }
  } else {
    samples = await measureThroughputInterleaved(scenario, runs);
  }
  results.push({ id: scenario.id, title: scenario.title, skipped: skipped.length ? skipped : undefined, targets: summarise(scenario, samples) });
}

function summarise(scenario, samples) {
  const out = {};
  for (const [name, list] of samples) {
    out[name] = scenario.memory
      ? { label: TARGETS[name.split('+')[0]].label, requests: list[0].requests, growthMiB: list[0].growthMiB, rssAfterMiB: list[0].rssAfterBytes / 2 ** 20 }
      : {
          label: TARGETS[name.split('+')[0]].label + (name.includes('+') ? ` (${name.split('+')[1]})` : ''),
          rps: median(list.map((s) => s.rps)),
          rpsSpread: spread(list.map((s) => s.rps)),
          p50Ms: median(list.map((s) => s.p50Ms)),
          p99Ms: median(list.map((s) => s.p99Ms)),
          non2xx: list.reduce((a, s) => a + s.non2xx, 0),
          requests: list.reduce((a, s) => a + s.requests, 0),
          rssMiB: median(list.map((s) => s.rssBytes)) / 2 ** 20,
          cpuUsPerRequest: median(list.map((s) => s.cpuUsPerRequest)),
          rounds: list.length,
        };
  }
  const bare = samples.get('fastify-bare');
  if (bare && !scenario.memory) {
    for (const [name, list] of samples) {
      out[name].rpsRatio = pairedRatio(list, bare, 'rps');
      out[name].p99Ratio = pairedRatio(list, bare, 'p99Ms');
      out[name].cpuRatio = pairedRatio(list, bare, 'cpuUsPerRequest');
    }
  }
  // The goals' baseline: the same rounds' header-equal bare Fastify.
  const same = samples.get('fastify-same-headers');
  if (same && !scenario.memory) {
    for (const [name, list] of samples) {
      out[name].sameHeaders = {
        rpsRatio: pairedRatio(list, same, 'rps'),
        p99Ratio: pairedRatio(list, same, 'p99Ms'),
        cpuRatio: pairedRatio(list, same, 'cpuUsPerRequest'),
      };
    }
  }
  return out;
}

const { verdicts } = writeReport({ machine, options, results });
console.log('\nGoals');
for (const v of verdicts) console.log(`  ${v.met ? 'MET ' : 'MISS'} ${v.text}`);
console.log('\nWrote bench/results/ and docs/performance.md');
