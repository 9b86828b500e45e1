// Roles and scopes, exactly as the table of shared/API.md states them.
import type { UserRole } from '../db/schema/identity.js';

export const ROLES: readonly UserRole[] = ['free-user', 'paid-individual', 'admin'];

const FREE_USER = ['profile:read', 'profile:write', 'courses:read'] as const;
const PAID_INDIVIDUAL = [...FREE_USER, 'courses:enroll', 'certificates:read', 'invoices:read'] as const;
const ADMIN = [
  ...PAID_INDIVIDUAL,
  'courses:write',
  'courses:delete',
  'users:read',
  'users:write',
  'import:write',
] as const;

export type Scope = (typeof ADMIN)[number];

/** Every scope the platform knows (admin holds all of them). */
export const ALL_SCOPES: readonly Scope[] = Object.freeze([...ADMIN]);

const SCOPES_BY_ROLE: Readonly<Record<UserRole, readonly Scope[]>> = Object.freeze({
  'free-user': Object.freeze([...FREE_USER]),
  'paid-individual': Object.freeze([...PAID_INDIVIDUAL]),
  admin: Object.freeze([...ADMIN]),
});

export function isRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function scopesForRole(role: UserRole): readonly Scope[] {
  return SCOPES_BY_ROLE[role];
}

/** Scopes for a set of roles (an external IdP may assign several); unknown roles grant nothing. */
export function scopesForRoles(roles: Iterable<string>): Set<Scope> {
  const scopes = new Set<Scope>();
  for (const role of roles) if (isRole(role)) for (const scope of SCOPES_BY_ROLE[role]) scopes.add(scope);
  return scopes;
}
