import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { flowTarget } from './flow-target.js';

// Where the value of the first Math.random() call goes.
function targetOf(code: string) {
  const [result] = probe(code, 'CallExpression[callee.property.name="random"]', (node) => {
    const target = flowTarget(node);
    return { name: target.name, functionName: target.functionName };
  });
  return result;
}

describe('flowTarget', () => {
  it.each([
    ['const token = Math.random().toString(36).slice(2);', { name: 'token', functionName: undefined }],
    ['user.resetCode = Math.floor(Math.random() * 1e6);', { name: 'resetCode', functionName: undefined }],
    ['const o = { sessionId: `${Date.now()}-${Math.random()}` };', { name: 'sessionId', functionName: undefined }],
    ['function makeNonce() { return String(Math.random()); }', { name: undefined, functionName: 'makeNonce' }],
    ['const createKey = () => Math.random().toString(16);', { name: undefined, functionName: 'createKey' }],
    ['class A { salt = Math.random(); }', { name: 'salt', functionName: undefined }],
    ['function f(delay = Math.random() * 100) { return delay; }', { name: 'delay', functionName: undefined }],
    ['send(Math.random());', { name: undefined, functionName: undefined }],
  ])('%s', (code, expected) => {
    expect(targetOf(code)).toEqual(expected);
  });
});
