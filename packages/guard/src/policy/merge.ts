// Defaults + input: plain objects merge key by key; everything else (arrays, stores, RegExp,
// `false`) replaces the default. The result shares nothing mutable with the caller's input.
import { isDataObject } from './validate.js';

export function mergeDefaults(defaults: unknown, input: unknown): unknown {
  if (input === undefined) return cloneData(defaults);
  if (isDataObject(defaults) && isDataObject(input)) {
    const merged: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(defaults), ...Object.keys(input)])) {
      if (key === '__proto__') continue; // validation refuses it; never let it reach a prototype
      merged[key] = mergeDefaults(defaults[key], input[key]);
    }
    return merged;
  }
  return cloneData(input);
}

function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (isDataObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) if (key !== '__proto__') copy[key] = cloneData(value[key]);
    return copy;
  }
  if (value instanceof Date) return new Date(value.getTime());
  return value;
}
