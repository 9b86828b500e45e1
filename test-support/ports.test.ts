import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedPort, freePort } from './ports.js';

const refused = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });

describe('ports', () => {
  it('freePort gives a port a server can bind at once', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('closedPort gives a port where a connection is refused', async () => {
    expect(await refused(await closedPort())).toBe('ECONNREFUSED');
  });
});
