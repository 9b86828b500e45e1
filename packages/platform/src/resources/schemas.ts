// JSON schemas shared by the resource routes. Request schemas refuse what they do not know
// (`additionalProperties: false`); response schemas list every field a client may see, so a
// column added to a query later cannot leak through serialization.
import { displayNameSchema } from '../identity/accounts/display-name.js';
import { MAX_IMPORT_COURSES } from './import.js';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const uuid = { type: 'string', minLength: 36, maxLength: 36, pattern: UUID_PATTERN } as const;

/** `/:id` path parameter: malformed ids are 400 before any query runs. */
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: uuid },
} as const;

const timestamp = { type: 'string' } as const;

/** Visible text: no control characters, not only white space. */
const visibleText = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^(?=[\\s\\S]*\\S)[^\\u0000-\\u001F\\u007F]+$' }) as const;

/** The one display-name rule (identity's), also used by registration. */
export const displayName = displayNameSchema;

export const profile = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'email', 'displayName', 'role', 'createdAt'],
  properties: { id: uuid, email: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' }, createdAt: timestamp },
} as const;

export const courseInput = {
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: {
    title: visibleText(200),
    // Descriptions may hold line breaks and tabs, but no other control characters.
    description: { type: 'string', maxLength: 5000, pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$' },
    priceCents: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

export const course = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'priceCents', 'currency', 'createdAt'],
  properties: {
    id: uuid,
    title: { type: 'string' },
    description: { type: 'string' },
    priceCents: { type: 'integer' },
    currency: { type: 'string' },
    createdAt: timestamp,
  },
} as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000, default: 0 },
  },
} as const;

export const enrollment = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'courseId', 'ownerId', 'createdAt'],
  properties: { id: uuid, courseId: uuid, ownerId: uuid, createdAt: timestamp },
} as const;

export const certificate = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'courseId', 'ownerId', 'issuedAt'],
  properties: { id: uuid, courseId: uuid, ownerId: uuid, issuedAt: timestamp },
} as const;

export const invoice = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'ownerId', 'courseId', 'amountCents', 'currency', 'issuedAt'],
  properties: {
    id: uuid,
    ownerId: uuid,
    courseId: { type: ['string', 'null'] },
    amountCents: { type: 'integer' },
    currency: { type: 'string' },
    issuedAt: timestamp,
  },
} as const;

const importCourses = { type: 'array', minItems: 1, maxItems: MAX_IMPORT_COURSES, items: courseInput } as const;

/** A courses document: the import body's inline form, and what a fetched import URL must serve. */
export const importDocument = {
  type: 'object',
  additionalProperties: false,
  required: ['courses'],
  properties: { courses: importCourses },
} as const;

/** Longest import URL accepted. */
export const MAX_IMPORT_URL_LENGTH = 2048;

/** Either the courses inline (`{courses}`) or the URL of a courses document (`{url}`), not both. */
export const importBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { courses: importCourses, url: { type: 'string', minLength: 1, maxLength: MAX_IMPORT_URL_LENGTH } },
} as const;
