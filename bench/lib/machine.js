// What the numbers were measured on: machine, Node, package versions, git commit.
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Read from node_modules directly: packages with an `exports` map do not export package.json.
function version(pkg) {
  try {
    return JSON.parse(readFileSync(`${root}node_modules/${pkg}/package.json`, 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function pythonVersions() {
  try {
    return execFileSync('/usr/bin/python3', ['-c', 'import fastapi, uvicorn, sys; print(sys.version.split()[0], fastapi.__version__, uvicorn.__version__)'], { encoding: 'utf8' }).trim().split(' ');
  } catch {
    return null;
  }
}

function wrkVersion() {
  try {
    return execFileSync('wrk', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch (error) {
    // wrk -v prints its version and exits non-zero.
    const text = String(error.stdout ?? '') + String(error.stderr ?? '');
    return text.split('\n')[0].trim() || 'wrk not found';
  }
}

export function describeMachine() {
  const py = pythonVersions();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain']) !== '',
    packages: {
      fastify: version('fastify'),
      '@fastify/helmet': version('@fastify/helmet'),
      '@fastify/cors': version('@fastify/cors'),
      '@fastify/rate-limit': version('@fastify/rate-limit'),
      express: version('express'),
      helmet: version('helmet'),
      cors: version('cors'),
      'express-rate-limit': version('express-rate-limit'),
      hono: version('hono'),
      '@hono/node-server': version('@hono/node-server'),
      'hono-rate-limiter': version('hono-rate-limiter'),
      jose: version('jose'),
      ioredis: version('ioredis'),
      ...(py ? { python: py[0], fastapi: py[1], uvicorn: py[2] } : {}),
    },
    loadGenerator: wrkVersion(),
  };
}
