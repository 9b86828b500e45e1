// Processes of the platform scenarios: the real platform (`rampart serve`, production mode, embedded
// PGlite in a temporary RAMPART_DATA_DIR), the bare Fastify target reading the same database, guard
// processes sharing one Redis, and the pinned load driver.
//
// PGlite's first start (initdb + migrations + key generation) takes long on a busy 2-core machine,
// so it happens once per bench run: a template data directory gets migrated, keyed and populated
// with bench users through the real HTTP API, then every measured process starts on a copy of it.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './targets.js';
import { postJson } from './platform-http.js';
import { clientAddress } from './platform-measure.js';
import { ALLOWED_ORIGIN } from '../targets/common.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../../packages/platform/bin/rampart.js');
const DRIVER = here('./platform-driver.js');
const START_TIMEOUT_MS = 180_000;
export const BENCH_PASSWORD = 'rampart bench login under load 7f3a9c';
export const BENCH_USERS = 4;

/** Why the platform cannot run here (not built), or null. */
export function platformUnavailableReason() {
  const needed = ['packages/platform/dist/cli/main.js', 'packages/platform/dist/context.js', 'packages/guard/dist/rate-limit/redis-store.js'];
  const missing = needed.filter((p) => !existsSync(here(`../../${p}`)));
  return missing.length ? `not built (${missing.join(', ')} missing; run npm run build)` : null;
}

/** The production configuration every platform process of the bench gets (plus `extra`). */
export function platformEnv(dataDir, extra = {}) {
  return {
    RAMPART_ENV: 'production',
    RAMPART_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    ALLOWED_HOSTS: '127.0.0.1,localhost',
    CORS_ORIGINS: ALLOWED_ORIGIN,
    SECURITY_CONTACT: 'mailto:security@example.test',
    // Bench users register over HTTP and log in at once.
    REQUIRE_VERIFIED_EMAIL: 'false',
    REFRESH_TOKEN_IN_BODY: 'true',
    // Per-request log lines would measure pino and the pipe to this process, not the platform.
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

// Settings of the caller's shell that would change what is measured (a real database, a shared
// store, another limit) are not passed on: each scenario sets what it needs.
const INHERITED_SETTINGS = /^(DATABASE_|REDIS_URL$|TRUST_PROXY$|RATE_LIMIT_|RAMPART_|OIDC_|CORS_ORIGINS$|ALLOWED_HOSTS$|PORT$|HOST$)/;

function baseEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS.test(name)));
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `node script ...args` on a free port (pinned to `cpu`) and resolves once it accepts connections. */
export async function startProcess({ name, script, args = [], nodeArgs = [], env = {}, cpu, cleanup }) {
  const port = await freePort();
  const argv = [...nodeArgs, script, ...args];
  const [command, commandArgs] = cpu ? ['taskset', ['-c', cpu, process.execPath, ...argv]] : [process.execPath, argv];
  const child = spawn(command, commandArgs, { env: { ...baseEnvironment(), NODE_ENV: 'production', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => { tail = (tail + chunk).slice(-4000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const closed = new Promise((resolve) => child.once('close', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await closed;
      clearTimeout(timer);
    }
    cleanup?.();
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not start: ${tail.slice(-800)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    port,
    pid: child.pid,
    /** Resident set size in bytes (taskset execs node, so the child's pid is the server's). */
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    output: () => tail,
    stop,
  };
}

function temporaryDirectory(label) {
  const dir = mkdtempSync(join(tmpdir(), `rampart-bench-${label}-`));
  chmodSync(dir, 0o700);
  return dir;
}

let template;

/** The migrated, keyed data directory with BENCH_USERS registered users (made once per run). */
export function platformTemplate() {
  template ??= (async () => {
    const dir = temporaryDirectory('template');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const server = await startProcess({ name: 'platform (template)', script: CLI, args: ['serve'], env: platformEnv(dir, { TRUST_PROXY: '127.0.0.1' }) });
    try {
      const users = [];
      for (let i = 0; i < BENCH_USERS; i++) {
        const email = `bench-${i}@example.test`;
        // Each registration from its own address: registration shares the login class limit.
        const { json } = await postJson(server.port, '/auth/register', { email, password: BENCH_PASSWORD, displayName: `Bench ${i}` }, {
          expected: 201, headers: { 'x-forwarded-for': clientAddress(2 ** 23 + i) },
        });
        users.push({ id: json.id, email, password: BENCH_PASSWORD });
      }
      return { dir, users };
    } finally {
      await server.stop();
    }
  })();
  return template;
}

async function fromTemplate(label, start) {
  const { dir: source, users } = await platformTemplate();
  const dir = temporaryDirectory(label);
  // Lock files belong to the process that made the template; a copy must not inherit them.
  cpSync(source, dir, { recursive: true, filter: (path) => !path.endsWith('.lock') });
  const server = await start(dir);
  return { ...server, users };
}

/**
 * `rampart serve` on a copy of the template; `env` adds to the bench's production configuration.
 * `script` runs another build of the CLI (bench/ab-platform-health.js compares two builds).
 */
export function startPlatform({ env = {}, cpu, script = CLI, name = 'platform', nodeArgs = [] } = {}) {
  return fromTemplate('platform', (dir) =>
    startProcess({ name, script, nodeArgs, args: ['serve'], env: platformEnv(dir, env), cpu, cleanup: () => rmSync(dir, { recursive: true, force: true }) }),
  );
}

/** The bare Fastify target (no guard) reading the same profile row from a copy of the template. */
export function startPlatformBare({ userId, env = {}, cpu } = {}) {
  return fromTemplate('bare', (dir) =>
    startProcess({
      name: 'bare Fastify + Kysely/PGlite', script: here('../targets/platform-bare.js'),
      env: platformEnv(dir, { ...env, BENCH_USER_ID: userId }), cpu, cleanup: () => rmSync(dir, { recursive: true, force: true }),
    }),
  );
}

/** A guard process whose limiter lives in Redis under `prefix`, shared with its siblings. */
export function startSharedLimitGuard({ prefix, limit, limitedClass, redisUrl, cpu }) {
  return startProcess({
    name: 'guard (shared Redis limiter)', script: here('../targets/guard-shared-limit.js'),
    env: { BENCH_PREFIX: prefix, BENCH_SHARED_LIMIT: String(limit), BENCH_CLASS: limitedClass, REDIS_URL: redisUrl }, cpu,
  });
}

/** Runs one job of platform-driver.js pinned to `cpu` and returns its result. */
export function runDriver(job, { cpu } = {}) {
  const [command, args] = cpu ? ['taskset', ['-c', cpu, process.execPath, DRIVER, JSON.stringify(job)]] : [process.execPath, [DRIVER, JSON.stringify(job)]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('DRIVER_JSON '));
      if (code !== 0 || !line) return reject(new Error(`platform driver (${job.kind}) failed, exit ${code}: ${out.slice(-600)}`));
      resolve(JSON.parse(line.slice('DRIVER_JSON '.length)));
    });
  });
}
