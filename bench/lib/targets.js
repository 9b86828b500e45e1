// Starting and stopping benchmark targets as child processes, pinned to their own core.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BODY, SECURITY_HEADERS, ALLOWED_ORIGIN, ALLOWED_HOSTS } from '../targets/common.js';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The benchmark's targets: the command that starts each one. */
export const TARGETS = {
  'fastify-bare': { label: 'bare Fastify (ceiling)', command: 'node', args: [here('../targets/fastify-bare.js')] },
  'fastify-same-headers': { label: 'bare Fastify, Rampart\'s headers (baseline)', command: 'node', args: [here('../targets/fastify-same-headers.js')] },
  rampart: { label: 'Rampart guard', command: 'node', args: [here('../targets/rampart.js')] },
  'fastify-plugins': { label: 'Fastify + helmet/cors/rate-limit', command: 'node', args: [here('../targets/fastify-plugins.js')] },
  hono: { label: 'Hono + secureHeaders/cors/limiter', command: 'node', args: [here('../targets/hono.js')] },
  express: { label: 'Express 5 + helmet/cors/rate-limit', command: 'node', args: [here('../targets/express.js')] },
  fastapi: { label: 'FastAPI + uvicorn (the lesson)', command: '/usr/bin/python3', args: [here('../targets/fastapi_app.py')], python: true },
};

/** The shared settings, as a JSON file the Python target reads (it cannot import common.js). It
 * lives in a private directory of this run: a fixed name in /tmp could be a planted symlink. */
let settingsDir;
function pythonSettingsFile() {
  settingsDir ??= mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  const path = join(settingsDir, 'common.json');
  writeFileSync(path, JSON.stringify({ body: BODY, securityHeaders: SECURITY_HEADERS, allowedOrigin: ALLOWED_ORIGIN, allowedHosts: ALLOWED_HOSTS }));
  return path;
}

/** Why a target cannot run here, or null when it can. */
export function unavailableReason(name) {
  const target = TARGETS[name];
  if (!target.python) return null;
  try {
    execFileSync(target.command, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'Debian packages python3-fastapi and python3-uvicorn are not installed (apt-get install python3-fastapi python3-uvicorn)';
  }
}

/**
 * Starts a target on a free port, pinned to `cpu` when given; resolves once it accepts connections.
 * Lines the target prints as JSON (its port, a token for the auth scenario) are returned as `info`.
 */
export async function startTarget(name, { env = {}, cpu } = {}) {
  const target = TARGETS[name];
  if (target.python) env = { ...env, BENCH_COMMON: pythonSettingsFile() };
  const port = await freePort();
  const args = target.python ? [...target.args, String(port)] : target.args;
  const [command, argv] = cpu ? ['taskset', ['-c', cpu, target.command, ...args]] : [target.command, args];
  const child = spawn(command, argv, {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const info = {};
  child.stdout.on('data', (chunk) => {
    output += chunk;
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith('{')) {
        try { Object.assign(info, JSON.parse(line)); } catch { /* not one of ours */ }
      }
    }
  });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const deadline = Date.now() + 20_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`target ${name} did not start: ${output.slice(-800)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    port,
    info,
    pid: child.pid,
    /** Resident set size of the server process, in bytes (Linux). */
    rss() {
      // taskset execs the target, so the child's pid is the server's.
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}
