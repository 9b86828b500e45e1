// The CLI control channel: one JSON request and one JSON answer per connection, over a Unix
// domain socket in the data directory (mode 0600 inside the 0700 directory: only the owner of
// the data can speak to it). No network port is ever opened for it.
import { join } from 'node:path';
import { isIsolationMode, type IsolationMode } from '../../isolation/mode.js';
import { KID } from '../keys/retired-keys.js';
import { parseEventsListRequest, type EventsListRequest } from './events-request.js';

export const CONTROL_SOCKET_NAME = 'control.sock';
/** Unix socket paths are limited to ~107 bytes on Linux. */
export const MAX_SOCKET_PATH = 100;
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** An answer may list security events (`rampart events`): larger than any request. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
export const CONTROL_TIMEOUT_MS = 10_000;

export type ControlRequest =
  | { readonly op: 'ping' }
  | { readonly op: 'users.add'; readonly email: string; readonly role: string; readonly password: string; readonly displayName?: string }
  | { readonly op: 'users.lock'; readonly email: string }
  | { readonly op: 'users.unlock'; readonly email: string }
  | { readonly op: 'users.mfa-reset'; readonly email: string }
  | { readonly op: 'users.verify'; readonly email: string }
  | { readonly op: 'users.list'; readonly locked: boolean }
  | { readonly op: 'users.role'; readonly email: string; readonly role: string }
  | { readonly op: 'sessions.revoke'; readonly email: string }
  | { readonly op: 'sessions.revoke-all' }
  | { readonly op: 'keys.reload' }
  | { readonly op: 'keys.rotated'; readonly kid: string }
  | { readonly op: 'keys.retire'; readonly kid: string }
  | { readonly op: 'secrets.rotate' }
  | { readonly op: 'isolation.set'; readonly mode: IsolationMode }
  | { readonly op: 'isolation.get' }
  | EventsListRequest;

/** A value of an answer: a scalar, a list of names, or a list of records (`events.list`). */
export type ControlValue = string | number | boolean | readonly string[] | readonly Readonly<Record<string, unknown>>[];

export type ControlResponse =
  | { readonly ok: true; readonly result: Readonly<Record<string, ControlValue>> }
  | { readonly ok: false; readonly error: string };

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_SOCKET_NAME);
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length <= 1024;

/** Validates a decoded request; anything else is refused. */
export function parseControlRequest(value: unknown): ControlRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  switch (v.op) {
    case 'ping':
    case 'secrets.rotate':
    case 'keys.reload':
    case 'isolation.get':
      return { op: v.op };
    case 'isolation.set':
      return isIsolationMode(v.mode) ? { op: v.op, mode: v.mode } : undefined;
    case 'users.lock':
    case 'users.unlock':
    case 'users.mfa-reset':
    case 'users.verify':
    case 'sessions.revoke':
      return isString(v.email) ? { op: v.op, email: v.email } : undefined;
    case 'keys.retire':
    case 'keys.rotated':
      return typeof v.kid === 'string' && KID.test(v.kid) ? { op: v.op, kid: v.kid } : undefined;
    case 'users.role':
      return isString(v.email) && isString(v.role) ? { op: v.op, email: v.email, role: v.role } : undefined;
    case 'users.list':
      return typeof v.locked === 'boolean' ? { op: v.op, locked: v.locked } : undefined;
    case 'sessions.revoke-all':
      return { op: v.op };
    case 'events.list':
      return parseEventsListRequest(v);
    case 'users.add':
      if (!isString(v.email) || !isString(v.role) || !isString(v.password)) return undefined;
      if (v.displayName !== undefined && !isString(v.displayName)) return undefined;
      return { op: 'users.add', email: v.email, role: v.role, password: v.password, ...(isString(v.displayName) ? { displayName: v.displayName } : {}) };
    default:
      return undefined;
  }
}
