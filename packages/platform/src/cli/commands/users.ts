// `rampart users add --email E --role R [--display-name N]` (password from standard input only),
// `rampart users lock|unlock --email E`, `rampart users mfa-reset --email E` and
// `rampart users verify --email E` and `rampart users list [--locked]`. With a server running, the command goes through
// its control socket in the data directory (the embedded database belongs to that process, and
// the lock must reach its caches at once); with none, it assembles the platform itself (the
// database, and with REDIS_URL the shared identity state every other instance reads).
import { Writable } from 'node:stream';
import { assemblePlatform } from '../../assembly/assemble-platform.js';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { sendControlRequest } from '../../identity/control/client.js';
import type { ControlRequest, ControlResponse } from '../../identity/control/protocol.js';
import { isUserRequest, runUserRequest } from '../../identity/control/user-requests.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

type Flags = Readonly<Record<string, string>>;

/** Pure: `--name value` pairs, only the allowed names, each once. */
export function parseFlags(args: readonly string[], allowed: readonly string[]): Flags {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i] as string;
    if (name === '--password' || name.startsWith('--password=')) {
      throw new UsageError('the password is read from standard input, never from an argument');
    }
    if (!name.startsWith('--') || !allowed.includes(name.slice(2))) throw new UsageError(`unknown option ${name.slice(0, 40)}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    if (name.slice(2) in flags) throw new UsageError(`${name} given twice`);
    flags[name.slice(2)] = value;
  }
  return flags;
}

/** Reads the password from standard input: everything up to EOF (or the first line on a
 * terminal), minus ONE line ending added by echo/printf. Nothing else is stripped. */
export async function readPassword(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, maxBytes = 4096): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new UsageError('the password on standard input is too long');
    chunks.push(buffer);
    if (stdin.isTTY && buffer.includes(0x0a)) break;
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (stdin.isTTY) text = text.split('\n')[0] ?? '';
  return text.replace(/\r?\n$/, '');
}

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Runs `request` on the running server, or directly on the database when none answers. */
export async function perform(io: CliIo, request: ControlRequest): Promise<ControlResponse> {
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const viaServer = await sendControlRequest(config.dataDir, request);
  if (viaServer) return viaServer;
  const platform = await assemblePlatform(config, {
    logStream: quiet,
    identity: { controlSocket: false, env: readEnvironment(io.env, io.cwd) },
    // One operator command, not a request path: wait for Redis, so that a lock's revocation mark
    // reaches the other instances instead of only the database.
    waitForRedisMs: 2000,
  });
  try {
    return isUserRequest(request) ? await runUserRequest(platform.identity.admin, request) : { ok: false, error: 'unsupported operation' };
  } finally {
    await platform.close();
  }
}

export function report(io: CliIo, response: ControlResponse, success: (result: Readonly<Record<string, unknown>>) => string): number {
  if (!response.ok) {
    io.stderr.write(`${response.error}\n`);
    return 1;
  }
  io.stdout.write(`${success(response.result)}\n`);
  return 0;
}

export async function add(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email', 'role', 'display-name']);
  if (!flags.email || !flags.role) throw new UsageError('--email and --role are required');
  const password = await readPassword(io.stdin);
  if (password.length === 0) throw new UsageError('no password on standard input (e.g. `printf %s "$PW" | rampart users add ...`)');
  const request: ControlRequest = {
    op: 'users.add',
    email: flags.email,
    role: flags.role,
    password,
    ...(flags['display-name'] ? { displayName: flags['display-name'] } : {}),
  };
  return report(io, await perform(io, request), (r) => `user added: ${String(r.email)} (${String(r.role)}) id ${String(r.id)}`);
}

export async function lock(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email']);
  if (!flags.email) throw new UsageError('--email is required');
  return report(io, await perform(io, { op: 'users.lock', email: flags.email }), (r) => `user locked and every session revoked: id ${String(r.id)}`);
}

export async function role(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email', 'role']);
  if (!flags.email) throw new UsageError('--email is required');
  if (!flags.role) throw new UsageError('--role is required (free-user, paid-individual or admin)');
  return report(io, await perform(io, { op: 'users.role', email: flags.email, role: flags.role }), (r) =>
    r.changed === true
      ? `role changed from ${String(r.previous)} to ${flags.role} and every session revoked: id ${String(r.id)}`
      : `role unchanged (already ${flags.role}): id ${String(r.id)}`,
  );
}

export async function unlock(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email']);
  if (!flags.email) throw new UsageError('--email is required');
  return report(io, await perform(io, { op: 'users.unlock', email: flags.email }), (r) => `user unlocked: id ${String(r.id)}`);
}

export async function mfaReset(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email']);
  if (!flags.email) throw new UsageError('--email is required');
  return report(
    io,
    await perform(io, { op: 'users.mfa-reset', email: flags.email }),
    (r) => `MFA removed, recovery codes spent and every session revoked: id ${String(r.id)}; the owner was told by mail and enrols again after logging in`,
  );
}

export async function verify(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['email']);
  if (!flags.email) throw new UsageError('--email is required');
  return report(io, await perform(io, { op: 'users.verify', email: flags.email }), (r) => `email address verified: id ${String(r.id)}`);
}

/** Pure: `[--locked]`. */
export function parseListArgs(args: readonly string[]): { readonly locked: boolean } {
  const unknown = args.find((arg) => arg !== '--locked');
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown.slice(0, 40)}`);
  if (args.length > 1) throw new UsageError('--locked given twice');
  return { locked: args.length === 1 };
}

export async function list(args: readonly string[], io: CliIo): Promise<number> {
  const { locked } = parseListArgs(args);
  return report(io, await perform(io, { op: 'users.list', locked }), (r) => {
    const users = Array.isArray(r.users) ? (r.users as readonly string[]) : [];
    const heading = `${String(r.count)} ${locked ? 'locked ' : ''}user(s)`;
    return [heading, ...users.map((user) => `  ${user}`)].join('\n');
  });
}
