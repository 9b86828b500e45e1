// The `users.*` and `sessions.*` operator requests, run the same way by the control server (a running server) and
// by the CLI on the database itself (no server running). A domain error (an operator's or
// identity's refusal, a storage outage) answers the message of errors/cli-messages.ts.
import { cliMessageOf } from '../../errors/cli-messages.js';
import type { AdminOperations } from '../admin.js';
import type { ControlRequest, ControlResponse } from './protocol.js';

export type UserRequest = Extract<ControlRequest, { readonly op: `users.${string}` | `sessions.${string}` }>;

export function isUserRequest(request: ControlRequest): request is UserRequest {
  return request.op.startsWith('users.') || request.op.startsWith('sessions.');
}

export async function runUserRequest(admin: AdminOperations, request: UserRequest): Promise<ControlResponse> {
  try {
    switch (request.op) {
      case 'users.add': {
        const user = await admin.addUser(request.email, request.role, request.password, request.displayName);
        return { ok: true, result: { id: user.id, email: user.email, role: user.role } };
      }
      case 'users.lock':
        return { ok: true, result: { id: await admin.lock(request.email) } };
      case 'users.unlock':
        return { ok: true, result: { id: await admin.unlock(request.email) } };
      case 'users.mfa-reset':
        return { ok: true, result: { id: await admin.resetMfa(request.email) } };
      case 'users.verify':
        return { ok: true, result: { id: await admin.verifyEmail(request.email) } };
      case 'users.role': {
        const changed = await admin.setRole(request.email, request.role);
        return { ok: true, result: { id: changed.id, previous: changed.previous, changed: changed.changed } };
      }
      case 'users.list': {
        const users = await admin.listUsers(request.locked);
        const line = (u: (typeof users)[number]) => `${u.email} ${u.role} ${u.id}${u.lockedAt ? ` locked since ${u.lockedAt.toISOString()}` : ''}`;
        return { ok: true, result: { count: users.length, users: users.map(line) } };
      }
      case 'sessions.revoke':
        return { ok: true, result: { id: await admin.revokeSessions(request.email) } };
      case 'sessions.revoke-all':
        return { ok: true, result: { users: await admin.revokeEverySession() } };
    }
  } catch (error) {
    const message = cliMessageOf(error);
    if (message !== undefined) return { ok: false, error: message };
    throw error;
  }
}
