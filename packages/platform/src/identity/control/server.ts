// The control socket served by `rampart serve`: operator commands act on the running server's
// own database connection and caches, so a lock takes effect at once, in both storage modes.
import { chmod, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { cliMessageOf } from '../../errors/cli-messages.js';
import type { IsolationSwitch } from '../../isolation/state.js';
import type { SecurityEvents } from '../../security-events/index.js';
import type { AdminOperations } from '../admin.js';
import type { ResealReport } from '../mfa/reseal-secrets.js';
import type { SigningKeys } from '../keys/signing-keys.js';
import type { RevocationStore } from '../state/types.js';
import {
  CONTROL_TIMEOUT_MS,
  MAX_MESSAGE_BYTES,
  MAX_SOCKET_PATH,
  controlSocketPath,
  parseControlRequest,
  type ControlRequest,
  type ControlResponse,
} from './protocol.js';
import { isUserRequest, runUserRequest } from './user-requests.js';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

interface ControlTarget {
  readonly admin: AdminOperations;
  readonly keys: SigningKeys;
  readonly revocations: RevocationStore;
  /** The process's isolation mode (assembly); absent in an identity built alone. */
  readonly isolation?: IsolationSwitch;
  /** `rampart keys retire`: lists the kid for every instance; true when it was not listed. */
  readonly retireKey?: (kid: string) => Promise<boolean>;
  /** `rampart secrets rotate`: new sealing keys, every ciphertext sealed again. */
  readonly rotateSecrets?: () => Promise<ResealReport>;
  /** The security event log (`rampart events`). */
  readonly events?: Pick<SecurityEvents, 'list' | 'sysAdminAction'>;
}

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

async function handle(target: ControlTarget, request: ControlRequest): Promise<ControlResponse> {
  try {
    if (isUserRequest(request)) return await runUserRequest(target.admin, request);
    switch (request.op) {
      case 'ping':
        return { ok: true, result: { pong: true } };
      case 'keys.reload':
        await target.keys.reload();
        target.revocations.invalidate();
        return { ok: true, result: { kid: target.keys.current().kid } };
      case 'keys.rotated':
        // `rampart keys rotate` wrote a key file: load it, and record the operator's action here,
        // where the database is (the embedded one belongs to this process).
        await target.keys.reload();
        await target.events?.sysAdminAction('keys_rotate', { kid: request.kid });
        return { ok: true, result: { reloaded: true } };
      case 'keys.retire':
        if (!target.retireKey) return { ok: false, error: 'unsupported operation' };
        return { ok: true, result: { kid: request.kid, added: await target.retireKey(request.kid) } };
      case 'secrets.rotate':
        if (!target.rotateSecrets) return { ok: false, error: 'unsupported operation' };
        return { ok: true, result: { ...(await target.rotateSecrets()) } };
      case 'isolation.get':
        return target.isolation ? { ok: true, result: { mode: target.isolation.current() } } : { ok: false, error: 'unsupported operation' };
      case 'events.list': {
        if (!target.events) return { ok: false, error: 'unsupported operation' };
        const { op: _op, ...query } = request;
        return { ok: true, result: { events: await target.events.list(query) } };
      }
      case 'isolation.set':
        if (!target.isolation) return { ok: false, error: 'unsupported operation' };
        return { ok: true, result: { mode: request.mode, previous: await target.isolation.set(request.mode) } };
    }
  } catch (error) {
    // A storage outage has its operator message (errors/cli-messages.ts); anything else stays internal.
    return { ok: false, error: cliMessageOf(error) ?? 'internal error (see the server log)' };
  }
}

/** True when something answers on `path` (a live server); false for a stale file. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startControlServer(dataDir: string, target: ControlTarget, logger: Logger): Promise<ControlServer | undefined> {
  const path = controlSocketPath(dataDir);
  if (process.platform === 'win32' || Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    logger.warn({ path }, 'control socket unavailable (path too long or unsupported platform); the CLI will use the database directly');
    return undefined;
  }
  if (await answers(path)) {
    logger.warn({ path }, 'another server already serves the control socket');
    return undefined;
  }
  await unlink(path).catch(() => undefined);
  const server: Server = createServer((socket) => {
    socket.setTimeout(CONTROL_TIMEOUT_MS, () => socket.destroy());
    const chunks: Buffer[] = [];
    let size = 0;
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_MESSAGE_BYTES) {
        socket.end(`${JSON.stringify({ ok: false, error: 'request too large' })}\n`);
        socket.destroy();
        return;
      }
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      if (newline === -1) return;
      socket.pause();
      let request: ControlRequest | undefined;
      try {
        request = parseControlRequest(JSON.parse(text.slice(0, newline)));
      } catch {
        request = undefined;
      }
      const answer = request ? handle(target, request) : Promise.resolve<ControlResponse>({ ok: false, error: 'bad request' });
      void answer.then((response) => {
        logger.info({ op: request?.op ?? 'invalid', ok: response.ok }, 'control request');
        socket.end(`${JSON.stringify(response)}\n`);
      });
    });
    socket.on('error', () => socket.destroy());
  });
  // Created with a umask that leaves only the owner, then tightened explicitly.
  const previousMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(previousMask);
  }
  await chmod(path, 0o600);
  return {
    path,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(path).catch(() => undefined);
    },
  };
}
