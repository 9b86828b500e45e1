export { provisionRoles, type ProvisionOptions, type ProvisionReport, type RolePasswords } from './provision.js';
export { applyLeastPrivilege, connectAsApp, resetRole } from './embedded.js';
export { DEFAULT_ROLE_NAMES, ProvisionError, roleNamesWithPrefix, validateRoleNames, type RoleNames } from './roles.js';
export { checkRolePassword, scramVerifier } from './scram.js';
export { ROTATABLE_ROLES, rotateRolePassword, type RotatableRole } from './rotate.js';
