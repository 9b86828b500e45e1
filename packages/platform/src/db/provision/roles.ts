// The three PostgreSQL roles of least privilege (issue 4, the lesson's "separate roles"):
// the migrator owns the schema and runs `rampart db migrate`; the application may SELECT, INSERT
// and UPDATE; the read-only role may SELECT. Names are configurable (tests use unique ones,
// since roles are cluster-wide); they are validated so that they are plain lower-case identifiers.

export interface RoleNames {
  readonly migrator: string;
  readonly app: string;
  readonly readonly: string;
}

export const DEFAULT_ROLE_NAMES: RoleNames = Object.freeze({
  migrator: 'rampart_migrator',
  app: 'rampart_app',
  readonly: 'rampart_readonly',
});

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class ProvisionError extends Error {
  readonly code = 'RAMPART_ERR_DB_PROVISION';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProvisionError';
  }
}

/** `prefix` gives `<prefix>_migrator`, `<prefix>_app`, `<prefix>_readonly`. */
export function roleNamesWithPrefix(prefix: string): RoleNames {
  return validateRoleNames({ migrator: `${prefix}_migrator`, app: `${prefix}_app`, readonly: `${prefix}_readonly` });
}

export function validateRoleNames(names: RoleNames): RoleNames {
  const all = [names.migrator, names.app, names.readonly];
  for (const name of all) {
    if (!ROLE_NAME.test(name) || name.startsWith('pg_')) {
      throw new ProvisionError(`role name "${name.slice(0, 80)}" must match ${ROLE_NAME.source} and not start with pg_`);
    }
  }
  if (new Set(all).size !== 3) throw new ProvisionError('the migrator, application and read-only roles must have three different names');
  return Object.freeze({ ...names });
}
