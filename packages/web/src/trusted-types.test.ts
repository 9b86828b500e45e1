import { describe, expect, it } from 'vitest';
import { installRefusingDefaultPolicy } from './trusted-types.js';

describe('installRefusingDefaultPolicy', () => {
  it('creates the `default` policy whose every rule throws', () => {
    const created: { name: string; rules: Record<string, (input: string) => string> }[] = [];
    const installed = installRefusingDefaultPolicy({ trustedTypes: { createPolicy: (name, rules) => created.push({ name, rules }) } });
    expect(installed).toBe(true);
    expect(created.map((policy) => policy.name)).toEqual(['default']);
    const rules = created[0]?.rules ?? {};
    expect(Object.keys(rules).sort()).toEqual(['createHTML', 'createScript', 'createScriptURL']);
    for (const rule of Object.values(rules)) expect(() => rule('<img src=x onerror=alert(1)>')).toThrow(TypeError);
  });

  it('does nothing in a browser without Trusted Types', () => {
    expect(installRefusingDefaultPolicy({})).toBe(false);
  });
});
