// `rampart sessions revoke --user E` (every session and access token of one user ends at once,
// the account stays usable) and `rampart sessions revoke --all` (everyone logs in again). Through
// a running server's control socket, or on the database (and Redis) directly, like `users lock`.
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';
import { perform, report } from './users.js';

export type RevokeTarget = { readonly user: string } | { readonly all: true };

/** Pure: exactly one of `--user E` and `--all`. */
export function parseRevokeArgs(args: readonly string[]): RevokeTarget {
  const unknown = args.find((arg, i) => arg.startsWith('--') && arg !== '--all' && arg !== '--user' && args[i - 1] !== '--user');
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown.slice(0, 40)}`);
  if (args.includes('--all') && args.includes('--user')) throw new UsageError('give --user E or --all, not both');
  if (args.length === 1 && args[0] === '--all') return { all: true };
  const email = args[1];
  if (args[0] === '--user' && (email === undefined || email.startsWith('--'))) throw new UsageError('--user needs an email address');
  if (args.length === 2 && args[0] === '--user') return { user: email as string };
  throw new UsageError('give --user E or --all');
}

export async function revoke(args: readonly string[], io: CliIo): Promise<number> {
  const target = parseRevokeArgs(args);
  if ('all' in target) {
    return report(io, await perform(io, { op: 'sessions.revoke-all' }), (r) => `every session revoked: ${String(r.users)} user(s) log in again`);
  }
  return report(io, await perform(io, { op: 'sessions.revoke', email: target.user }), (r) => `every session of the user revoked: id ${String(r.id)}`);
}
