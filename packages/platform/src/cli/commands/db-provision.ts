// `rampart db provision [--role-prefix P]`: run once by an operator, with an administrator
// connection in DATABASE_ADMIN_URL, to create (or correct) the migration, application and
// read-only roles of the target database. Passwords come from the operator, never from the
// repository or an argument (arguments show up in `ps`): RAMPART_MIGRATOR_PASSWORD,
// RAMPART_APP_PASSWORD, RAMPART_READONLY_PASSWORD, or, for those not set, one line each on
// standard input in that order (piped, not typed: a terminal would echo them). Each of these,
// and DATABASE_ADMIN_URL, may instead be a file named by <NAME>_FILE (config/secret-files.ts).
// `--rotate migrator|app|readonly` gives that one role a new password (its variable, or one line
// on standard input) and changes nothing else: the runbook's password rotation.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { resolveSecretFiles } from '../../config/index.js';
import { DEFAULT_ROLE_NAMES, ProvisionError, ROTATABLE_ROLES, provisionRoles, roleNamesWithPrefix, rotateRolePassword } from '../../db/provision/index.js';
import type { RotatableRole } from '../../db/provision/index.js';
import { SecurityEvents } from '../../security-events/index.js';
import type { RoleNames, RolePasswords } from '../../db/provision/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

const PASSWORD_VARIABLES = [
  ['migrator', 'RAMPART_MIGRATOR_PASSWORD'],
  ['app', 'RAMPART_APP_PASSWORD'],
  ['readonly', 'RAMPART_READONLY_PASSWORD'],
] as const;

const MAX_STDIN_BYTES = 16 * 1024;

export interface ProvisionArgs {
  readonly roles: RoleNames;
  /** Only a new password for this role. */
  readonly rotate?: RotatableRole;
}

/** Pure: `[--role-prefix P] [--rotate migrator|app|readonly]`, in any order. */
export function parseProvisionCommand(args: readonly string[]): ProvisionArgs {
  const rest = [...args];
  let rotate: RotatableRole | undefined;
  const at = rest.indexOf('--rotate');
  if (at !== -1) {
    const value = rest[at + 1];
    if (value === undefined || !(ROTATABLE_ROLES as readonly string[]).includes(value)) {
      throw new UsageError(`--rotate needs one of ${ROTATABLE_ROLES.join(', ')}${value === undefined ? '' : `, not "${value.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`}`);
    }
    rotate = value as RotatableRole;
    rest.splice(at, 2);
  }
  const roles = parseProvisionArgs(rest);
  return rotate === undefined ? { roles } : { roles, rotate };
}

export function parseProvisionArgs(args: readonly string[]): RoleNames {
  if (args.length === 0) return DEFAULT_ROLE_NAMES;
  if (args.length === 2 && args[0] === '--role-prefix') {
    try {
      return roleNamesWithPrefix(args[1] as string);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : 'invalid --role-prefix');
    }
  }
  throw new UsageError('the only option is --role-prefix <prefix> (default roles: rampart_migrator, rampart_app, rampart_readonly)');
}

async function readLines(stdin: NodeJS.ReadableStream): Promise<string[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new ProvisionError('standard input is too long: expected one password per line');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').split('\n').map((line) => line.replace(/\r$/, ''));
}

/** Passwords from the environment, the missing ones from standard input (in order). */
export async function readPasswords(io: CliIo): Promise<RolePasswords> {
  const missing = PASSWORD_VARIABLES.filter(([, variable]) => !io.env[variable]);
  let lines: string[] = [];
  if (missing.length > 0) {
    const names = missing.map(([, variable]) => variable).join(', ');
    if ((io.stdin as NodeJS.ReadStream).isTTY) {
      throw new ProvisionError(`${names} not set; set them, or pipe one password per line on standard input (a terminal would echo them)`);
    }
    lines = await readLines(io.stdin);
  }
  const passwords: Record<string, string> = {};
  for (const [key, variable] of PASSWORD_VARIABLES) {
    const fromEnv = io.env[variable];
    const value = fromEnv || lines.shift();
    if (!value) throw new ProvisionError(`${variable} not set and no line for it on standard input`);
    passwords[key] = value;
  }
  return passwords as unknown as RolePasswords;
}

/** The administrator connection, from DATABASE_ADMIN_URL alone: provisioning never falls back
 * to DATABASE_URL or DATABASE_MIGRATION_URL (those name the roles it creates) and never touches
 * the embedded database (it provisions its roles itself at start-up). */
export function adminConnection(env: CliIo['env']): string {
  const raw = env.DATABASE_ADMIN_URL?.trim();
  if (!raw) {
    const configured = ['DATABASE_URL', 'DATABASE_MIGRATION_URL'].filter((name) => env[name]?.trim());
    const note = configured.length > 0 ? ` (${configured.join(' and ')} name the roles being provisioned and are not used)` : '';
    throw new UsageError(`DATABASE_ADMIN_URL is not set${note}; fix: set it to an administrator connection of the target database (postgres://postgres@127.0.0.1:5432/rampart)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('DATABASE_ADMIN_URL is not a URL; fix: set it to postgres://<admin>@<host>:5432/<database>');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`DATABASE_ADMIN_URL must be a postgres:// URL, not ${url.protocol}//; fix: set it to postgres://<admin>@<host>:5432/<database>`);
  }
  if (url.pathname.length <= 1) {
    throw new UsageError('DATABASE_ADMIN_URL names no database; fix: end it with the database to provision, e.g. postgres://postgres@127.0.0.1:5432/rampart');
  }
  return raw;
}

const SILENT = { info: () => {}, warn: () => {}, error: () => {} };

/** One password for `role`: its variable, else the first line of standard input. */
async function readOnePassword(io: CliIo, role: RotatableRole): Promise<{ password: string; source: string }> {
  const variable = (PASSWORD_VARIABLES.find(([key]) => key === role) as (typeof PASSWORD_VARIABLES)[number])[1];
  const fromEnv = io.env[variable];
  if (fromEnv) return { password: fromEnv, source: variable };
  if ((io.stdin as NodeJS.ReadStream).isTTY) throw new ProvisionError(`${variable} not set; set it, or pipe the password on standard input (a terminal would echo it)`);
  const line = (await readLines(io.stdin))[0];
  if (!line) throw new ProvisionError(`${variable} not set and no line for it on standard input`);
  return { password: line, source: 'the password on standard input' };
}

async function rotate(adminUrl: string, io: CliIo, roles: RoleNames, which: RotatableRole): Promise<number> {
  const { password, source } = await readOnePassword(io, which);
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1, application_name: 'rampart-provision', connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  try {
    const name = await rotateRolePassword(db, roles, which, password, source);
    // The event goes into the platform's own log when the database is migrated already.
    const { rows } = await sql<{ migrated: boolean }>`select to_regclass('public.security_events') is not null as migrated`.execute(db);
    if (rows[0]?.migrated) await new SecurityEvents({ db, now: Date.now, logger: SILENT }).sysAdminAction('db_password_rotate', { role: name });
    io.stdout.write(
      [
        `new password set for role ${name}; open connections keep working`,
        `next: restart each instance in turn with the new password in ${which === 'app' ? 'DATABASE_URL' : which === 'migrator' ? 'DATABASE_MIGRATION_URL' : 'the read-only connection'}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

export async function run(args: readonly string[], cliIo: CliIo): Promise<number> {
  const { roles, rotate: rotateRole } = parseProvisionCommand(args);
  // <NAME>_FILE secrets (the admin URL, the role passwords) are read before anything else.
  const io = { ...cliIo, env: resolveSecretFiles(cliIo.env, cliIo.cwd) };
  const adminUrl = adminConnection(io.env);
  if (rotateRole !== undefined) return rotate(adminUrl, io, roles, rotateRole);
  const passwords = await readPasswords(io);
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1, application_name: 'rampart-provision', connectionTimeoutMillis: 10_000 });
  // An idle connection that the server ends (a restart, DROP DATABASE ... FORCE) emits 'error' on
  // the pool; without a listener that would crash the command. A running query rejects on its own.
  pool.on('error', () => undefined);
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  try {
    const report = await provisionRoles(db, { roles, passwords });
    const lines = [
      `provisioned database ${report.database}`,
      ...report.created.map((role) => `  created role ${role}`),
      ...report.updated.map((role) => `  updated role ${role} (attributes, password and privileges reset)`),
      ...(report.ownershipMoved.length > 0 ? [`  moved to ${roles.migrator}: ${report.ownershipMoved.join(', ')}`] : []),
      'next:',
      `  DATABASE_MIGRATION_URL=postgres://${roles.migrator}:<password>@<host>/${report.database} rampart db migrate`,
      `  DATABASE_URL=postgres://${roles.app}:<password>@<host>/${report.database} rampart serve`,
      '',
    ];
    io.stdout.write(lines.join('\n'));
    return 0;
  } finally {
    await db.destroy();
  }
}
