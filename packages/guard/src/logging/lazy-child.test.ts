// The lazy per-request child writes exactly what pino's own child writes, and nothing at levels
// the parent has disabled; through Fastify, every request's lines still carry its request id.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory } from './lazy-child.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level, base: null, timestamp: false }, stream), lines };
}

const strip = ({ time: _time, ...rest }: Record<string, unknown>) => rest;

describe('lazyChildLoggerFactory', () => {
  it('writes the lines an eager pino child writes, bindings included', () => {
    const eager = capture('info');
    const lazy = capture('info');
    const direct = eager.logger.child({ reqId: 'r-1' });
    const deferred = lazyChildLoggerFactory.call(Fastify(), lazy.logger, { reqId: 'r-1' }, {}, {} as never);
    for (const logger of [direct, deferred]) {
      logger.info({ route: '/x' }, 'served');
      logger.warn('slow');
      logger.debug('not at info');
      logger.child({ part: 'db' }).error('down');
    }
    expect(lazy.lines.map(strip)).toEqual(eager.lines.map(strip));
    expect(lazy.lines).toHaveLength(3);
    expect(lazy.lines[0]).toMatchObject({ reqId: 'r-1', route: '/x', msg: 'served' });
    expect(lazy.lines[2]).toMatchObject({ reqId: 'r-1', part: 'db', msg: 'down' });
  });

  it('reports the level of its parent until it has a child of its own', () => {
    const { logger } = capture('warn');
    const deferred = lazyChildLoggerFactory.call(Fastify(), logger, { reqId: 'r-2' }, {}, {} as never);
    expect(deferred.level).toBe('warn');
    deferred.level = 'debug';
    expect(deferred.level).toBe('debug');
    expect(logger.level).toBe('warn');
  });

  it('keeps the request id on the lines of requests served by Fastify', async () => {
    const { logger, lines } = capture('warn');
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: lazyChildLoggerFactory, genReqId: () => 'req-42' });
    app.get('/', async (request) => {
      request.log.info('hidden at warn');
      request.log.warn({ slow: true }, 'warned');
      return { ok: true };
    });
    const response = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(lines.filter((l) => l.msg === 'warned')).toEqual([expect.objectContaining({ reqId: 'req-42', slow: true })]);
    expect(lines.some((l) => l.msg === 'hidden at warn' || l.msg === 'incoming request')).toBe(false);
  });
});
