import { describe, expect, it } from 'vitest';
import type { CallExpression } from 'estree';
import { probe } from '../test-support/rule-probe.js';
import { hashPurpose, hashUsage, isPasswordUse } from './hash-usage.js';

// The purpose of the first createHash / md5 call in the snippet.
function purposeOf(code: string) {
  const [result] = probe(code, 'CallExpression[callee.property.name="createHash"], CallExpression[callee.name="md5"]', (node, context) => {
    const call = node as CallExpression;
    return hashPurpose(hashUsage(call, context, call.callee.type === 'Identifier'));
  });
  return result;
}

describe('hashPurpose', () => {
  it.each([
    ["user.password = crypto.createHash('md5').update(req.body.password).digest('hex');", 'security'],
    ["const resetToken = crypto.createHash('sha1').update(user.id + Date.now()).digest('hex');", 'security'],
    ["const h = crypto.createHash('md5'); h.update(pwd); const stored = h.digest('hex');", 'security'],
    ["function hashPassword(p) { return crypto.createHash('md5').update(p).digest('hex'); }", 'security'],
    ["if (user.password === crypto.createHash('md5').update(x).digest('hex')) ok();", 'security'],
    ["function validate(email, pass) { return md5(pass); }", 'security'],
    ["user.resetPasswordToken = crypto.createHash('sha1').update(token).digest('hex');", 'security'],
    ["const etag = crypto.createHash('md5').update(body).digest('hex');", 'benign'],
    ["const cacheKey = crypto.createHash('md5').update(token).digest('hex');", 'benign'],
    ['const avatar = md5(user.email);', 'benign'],
    ["function fileChecksum(buffer) { return crypto.createHash('md5').update(buffer).digest('hex'); }", 'benign'],
    ["const h = crypto.createHash('md5').update(x).digest('hex');", 'unknown'],
  ])('%s -> %s', (code, expected) => {
    expect(purposeOf(code)).toBe(expected);
  });
});

describe('isPasswordUse', () => {
  const check = (code: string) =>
    probe(code, 'CallExpression[callee.property.name="createHash"]', (node, context) => isPasswordUse(hashUsage(node as CallExpression, context))).at(0);
  it('is a password, not a password-reset token', () => {
    expect(check("const passwordHash = crypto.createHash('sha256').update(password).digest('hex');")).toBe(true);
    expect(check("user.resetPasswordToken = crypto.createHash('sha256').update(resetToken).digest('hex');")).toBe(false);
    expect(check("function resetPassword(user, next) { user.hash = crypto.createHash('sha256').update(next).digest('hex'); }")).toBe(true);
  });
});
