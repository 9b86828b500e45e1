import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** Sends `text` through a fresh connection and resolves with the echo, or the error code. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.write(text));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString());
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('close', () => resolve('closed'));
  });
}

describe('startTcpProxy', () => {
  const echo = createServer((socket) => {
    socket.on('error', () => socket.destroy()); // reset by the proxy's cut()
    socket.pipe(socket);
  });
  let proxy: TcpProxy;

  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const address = echo.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    proxy = await startTcpProxy('127.0.0.1', address.port);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('passes bytes through, resets open connections on cut() and lets them through again after restore()', async () => {
    expect(await roundTrip(proxy.port, 'hello')).toBe('hello');

    const open: Socket = connect({ host: '127.0.0.1', port: proxy.port });
    await new Promise((resolve) => open.once('connect', resolve));
    const reset = new Promise<string>((resolve) => open.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? '')));
    open.write('x'); // the proxy has the connection registered once it has piped data
    await new Promise((resolve) => open.once('data', resolve));
    proxy.cut();
    expect(await reset).toBe('ECONNRESET');
    expect(await roundTrip(proxy.port, 'while cut')).toMatch(/ECONNRESET|closed/);

    proxy.restore();
    expect(await roundTrip(proxy.port, 'again')).toBe('again');
  });
});
