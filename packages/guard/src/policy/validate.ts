// Walks the policy input against POLICY_SPEC: type and range problems, and unknown keys with a
// "did you mean" suggestion. Every problem is collected, not only the first.
import { didYouMean } from './did-you-mean.js';
import type { PolicyProblem } from './policy-error.js';
import type { Spec } from './spec.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A plain object holding only data: objects with methods (a store or verifier written as an
 * object literal) are instances and are neither cloned nor frozen. */
export function isDataObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (typeof value[key] === 'function') return false;
  return true;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function validateAgainst(spec: Spec, value: unknown, path: string, problems: PolicyProblem[]): void {
  if (value === undefined) return; // every key is optional: defaults fill it
  switch (spec.kind) {
    case 'leaf': {
      const problem = spec.check(value);
      if (problem) problems.push({ path: path || '(policy)', message: problem });
      return;
    }
    case 'object': {
      if (spec.orFalse && value === false) return;
      if (!isPlainObject(value)) {
        problems.push({ path: path || '(policy)', message: `must be an object${spec.orFalse ? ' or false' : ''}` });
        return;
      }
      const known = Object.keys(spec.keys);
      for (const key of Object.keys(value)) {
        const child = Object.hasOwn(spec.keys, key) ? spec.keys[key] : undefined;
        if (!child) {
          const suggestion = didYouMean(key, known);
          problems.push({
            path: join(path, key),
            message: `unknown setting${suggestion ? `; did you mean \`${join(path, suggestion)}\`?` : ''} (known: ${known.join(', ')})`,
          });
          continue;
        }
        validateAgainst(child, value[key], join(path, key), problems);
      }
      return;
    }
    case 'record': {
      if (!isPlainObject(value)) {
        problems.push({ path, message: 'must be an object' });
        return;
      }
      for (const key of Object.keys(value)) {
        if (!spec.keyPattern.test(key)) {
          problems.push({ path: join(path, key), message: `must be ${spec.keyHint}` });
          continue;
        }
        validateAgainst(spec.value, value[key], join(path, key), problems);
      }
      return;
    }
  }
}
