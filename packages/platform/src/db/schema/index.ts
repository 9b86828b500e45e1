// The whole database as Kysely sees it: each domain owns its table types beside its migration.
import type { IdentityTables } from './identity.js';
import type { OperationsTables } from './operations.js';
import type { ResourceTables } from './resources.js';

export interface Database extends IdentityTables, ResourceTables, OperationsTables {}
