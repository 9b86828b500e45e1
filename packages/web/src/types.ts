// The platform's JSON shapes the pages read: the platform's own resource types (type-only
// imports, erased from the bundle), so the app and the API cannot drift apart unnoticed.
export type { Certificate } from '../../platform/src/resources/certificates.js';
export type { Course } from '../../platform/src/resources/courses.js';
export type { Enrollment } from '../../platform/src/resources/enrollments.js';
export type { Invoice } from '../../platform/src/resources/invoices.js';
export type { Profile } from '../../platform/src/resources/profiles.js';
