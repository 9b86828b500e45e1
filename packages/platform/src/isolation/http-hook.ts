// The HTTP edge of isolation: one onRequest hook, ahead of guard's, that refuses what the current
// mode refuses with 503 and Retry-After (errors/isolation-error.ts through the one mapping table).
// It reads the cached mode only: no database query per request.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { IsolationError } from '../errors/isolation-error.js';
import { toHttpError } from '../errors/http-mapping.js';
import { isolationRefuses } from './mode.js';
import type { IsolationReader } from './state.js';

export function isolationHook(isolation: IsolationReader) {
  return function refuseWhileIsolated(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const mode = isolation.current();
    if (mode === 'off') return done();
    const path = request.url.split('?', 1)[0] ?? '';
    if (!isolationRefuses(mode, request.method, path)) return done();
    done(toHttpError(new IsolationError(mode)) as Error);
  };
}
