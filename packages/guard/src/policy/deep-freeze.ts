// Deep-freezes plain objects and arrays. Class instances (a RateLimitStore, a BearerVerifier,
// RegExp, Date) are left alone: they own mutable state that they need.
import { isDataObject } from './validate.js';

export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
    return Object.freeze(value);
  }
  if (isDataObject(value)) {
    for (const key of Object.keys(value)) deepFreeze(value[key]);
    return Object.freeze(value);
  }
  return value;
}
