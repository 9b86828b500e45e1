export { assertLeastPrivilege, ExcessPrivilegeError, findExcessPrivileges, type PrivilegeExcess } from './self-check.js';
