// CLI side of the control channel. `undefined` means no server is listening (no socket file,
// or a stale one): the caller then works on the database directly.
import { existsSync, lstatSync } from 'node:fs';
import { createConnection } from 'node:net';
import { CONTROL_TIMEOUT_MS, MAX_ANSWER_BYTES, controlSocketPath, type ControlRequest, type ControlResponse } from './protocol.js';

export class ControlChannelError extends Error {
  override readonly name = 'ControlChannelError';
}

export function sendControlRequest(dataDir: string, request: ControlRequest): Promise<ControlResponse | undefined> {
  const path = controlSocketPath(dataDir);
  if (!existsSync(path)) return Promise.resolve(undefined);
  // The CLI sends passwords over this socket: only to one that our own user created, closed to
  // group and others (a socket planted by another local user would receive them).
  const stat = lstatSync(path);
  if (!stat.isSocket() || (typeof process.getuid === 'function' && stat.uid !== process.getuid()) || (stat.mode & 0o077) !== 0) {
    return Promise.reject(new ControlChannelError(`refusing the control socket ${path}: not a private socket of this user; remove it if no server runs`));
  }
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const chunks: Buffer[] = [];
    let connected = false;
    socket.setTimeout(CONTROL_TIMEOUT_MS, () => {
      socket.destroy();
      reject(new ControlChannelError('the server did not answer on the control socket'));
    });
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).length > MAX_ANSWER_BYTES) socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (!connected && (error.code === 'ECONNREFUSED' || error.code === 'ENOENT')) resolve(undefined);
      else reject(new ControlChannelError(`control socket error: ${error.code ?? error.message}`));
    });
    socket.once('close', () => {
      if (!connected) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8').trim()) as ControlResponse);
      } catch {
        reject(new ControlChannelError('the server sent an unreadable answer'));
      }
    });
  });
}
