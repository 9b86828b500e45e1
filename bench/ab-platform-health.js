// A/B of scenario 9 across builds of the platform: bare Fastify (the same headers) and one
// `rampart serve` per build, all running at once and measured in interleaved rounds, so that a
// change to the platform's per-request path can be judged by paired CPU ratios on a noisy machine.
//
//   node bench/ab-platform-health.js [--rounds 8] [--seconds 3] [--warmup 2] [--connections 50]
//     [--variant label=path/to/bin/rampart.js ...] [--cpu-prof DIR]
//
// Without --variant it measures this checkout's build. A build to compare against is a copy of
// packages/platform/{bin,dist,package.json} kept inside the repository (so that its imports
// resolve to the same node_modules). --cpu-prof writes a V8 CPU profile of every server into DIR
// when it stops (100 µs sampling; warm-up and start-up are in it too).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { measureInterleaved, describeSample } from './lib/interleave.js';
import { headersToCopy } from './lib/copied-headers.js';
import { startPlatform, startProcess } from './lib/platform-process.js';
import { median, pairedRatio } from './lib/stats.js';
import { ALLOWED_ORIGIN } from './targets/common.js';

const BARE = fileURLToPath(new URL('./targets/health-bare.js', import.meta.url));

function parseArguments(argv) {
  const options = { rounds: 8, seconds: 3, warmup: 2, connections: 50, variants: [], cpuProf: null };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--variant') {
      const at = value.indexOf('=');
      if (at < 1) throw new Error(`--variant takes label=path/to/bin/rampart.js, not ${value}`);
      options.variants.push({ label: value.slice(0, at), script: resolve(value.slice(at + 1)) });
    } else if (name === '--cpu-prof') options.cpuProf = resolve(value);
    else if (['--rounds', '--seconds', '--warmup', '--connections'].includes(name)) options[name.slice(2)] = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  if (options.variants.length === 0) options.variants.push({ label: 'this build', script: undefined });
  return options;
}

const options = parseArguments(process.argv.slice(2));
const profileArgs = (label) => (options.cpuProf
  ? ['--cpu-prof', '--cpu-prof-interval', '100', `--cpu-prof-dir=${options.cpuProf}`, `--cpu-prof-name=${label.replace(/\W+/g, '-')}.cpuprofile`]
  : []);
const request = { Origin: ALLOWED_ORIGIN, Accept: 'application/json' };
const started = [];
try {
  const platforms = [];
  for (const [i, variant] of options.variants.entries()) {
    const server = await startPlatform({
      env: { RATE_LIMIT_HEALTH: '9999999/minute' }, cpu: '0', script: variant.script, name: variant.label, nodeArgs: profileArgs(variant.label),
    });
    started.push(server);
    platforms.push({ key: `platform-${i}`, label: variant.label, server });
  }
  const copied = await headersToCopy({ name: 'the platform', port: platforms[0].server.port, path: '/health', headers: request });
  const bare = await startProcess({ name: 'bare', script: BARE, env: { BENCH_HEADERS: JSON.stringify(copied) }, nodeArgs: profileArgs('bare'), cpu: '0' });
  started.push(bare);
  const targets = [{ key: 'bare', label: 'bare Fastify, same headers', server: bare }, ...platforms]
    .map((t) => ({ ...t, url: `http://127.0.0.1:${t.server.port}/health`, headers: request, pid: t.server.pid }));
  const samples = await measureInterleaved({
    targets, rounds: options.rounds, seconds: options.seconds, warmup: options.warmup, connections: options.connections, loadCpu: '1',
    onSample: (round, key, s) => console.log(`  round ${round} ${key}: ${describeSample(s)}`),
  });
  console.log(`\n${options.rounds} rounds x ${options.seconds} s | CPU µs/req (median) | CPU x bare (paired) | req/s x bare (paired)`);
  for (const t of targets) {
    const own = samples.get(t.key);
    const cpu = median(own.map((s) => s.cpuUsPerRequest));
    console.log(`${t.label} | ${cpu.toFixed(1)} | ${pairedRatio(own, samples.get('bare'), 'cpuUsPerRequest').toFixed(3)} | ${pairedRatio(own, samples.get('bare'), 'rps').toFixed(3)}`);
  }
  for (const a of platforms) {
    for (const b of platforms) {
      if (a === b) continue;
      console.log(`${a.label} / ${b.label}: CPU ${pairedRatio(samples.get(a.key), samples.get(b.key), 'cpuUsPerRequest').toFixed(3)} (paired)`);
    }
  }
} finally {
  for (const server of started) await server.stop();
}
