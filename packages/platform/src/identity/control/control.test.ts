// The control socket refuses anything but one well-formed request, and never opens a port.
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFixture, type IdentityFixture } from '../test-support/identity-fixture.js';
import { ControlChannelError, sendControlRequest } from './client.js';
import { controlSocketPath, parseControlRequest } from './protocol.js';
import { internalsOf } from '../internals.js';
import { startControlServer, type ControlServer } from './server.js';

let f: IdentityFixture;
let control: ControlServer;
let dir: string;

beforeAll(async () => {
  f = await identityFixture();
  dir = await mkdtemp(join(tmpdir(), 'rmp-ctl-'));
  control = (await startControlServer(dir, internalsOf(f.identity), { info: () => {}, warn: () => {} })) as ControlServer;
});
afterAll(async () => {
  await control?.close();
  await f.close();
  await rm(dir, { recursive: true, force: true });
});

function raw(payload: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection(control.path);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.write(payload);
  });
}

describe('control channel', () => {
  it('listens on a 0600 Unix socket in the data directory', async () => {
    expect(control.path).toBe(join(dir, 'control.sock'));
    expect((await stat(control.path)).mode & 0o777).toBe(0o600);
    expect(await sendControlRequest(dir, { op: 'ping' })).toEqual({ ok: true, result: { pong: true } });
  });

  it('refuses malformed, unknown and oversized requests', async () => {
    expect(JSON.parse(await raw('not json\n'))).toEqual({ ok: false, error: 'bad request' });
    expect(JSON.parse(await raw('{"op":"users.delete","email":"a@b.c"}\n'))).toEqual({ ok: false, error: 'bad request' });
    expect(JSON.parse(await raw('{"op":"users.add","email":"a@b.c","role":"admin"}\n'))).toEqual({ ok: false, error: 'bad request' });
    expect(JSON.parse(await raw('{"__proto__":{"op":"ping"}}\n'))).toEqual({ ok: false, error: 'bad request' });
    expect(await raw(Buffer.alloc(64 * 1024, 0x61))).toContain('request too large');
    expect(parseControlRequest({ op: 'users.lock', email: 'x'.repeat(2000) })).toBeUndefined();
  });

  it('answers operator errors without internals', async () => {
    expect(await sendControlRequest(dir, { op: 'users.lock', email: 'ghost@example.com' })).toEqual({ ok: false, error: 'no user with this email' });
  });

  it('refuses to send anything to a socket that group or others may use (a planted listener)', async () => {
    const planted = await mkdtemp(join(tmpdir(), 'rmp-ctl-'));
    const received: string[] = [];
    const listener = createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk.toString())));
    await new Promise<void>((resolve) => listener.listen(controlSocketPath(planted), resolve));
    await chmod(controlSocketPath(planted), 0o666);
    const error = await sendControlRequest(planted, { op: 'ping' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlChannelError);
    expect(received).toEqual([]);
    await new Promise((resolve) => listener.close(resolve));
    await rm(planted, { recursive: true, force: true });
  });

  it('reports no server when the socket file is missing or stale', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'rmp-ctl-'));
    expect(await sendControlRequest(empty, { op: 'ping' })).toBeUndefined();
    await rm(empty, { recursive: true, force: true });
  });
});
