// Rules about who may reach which object or field (broken access control, mass assignment).
import { massAssignment } from './mass-assignment.js';
import { missingAuthorization } from './missing-authorization.js';
import type { ScanRule } from './types.js';

export const accessControlRules: readonly ScanRule[] = [missingAuthorization, massAssignment];
