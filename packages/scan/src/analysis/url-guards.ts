// Checks that pin where a client-supplied URL may point, written before its use: an allow-listed
// host (`new URL(x).host === 'api.example.com'`, `ALLOWED_HOSTS.includes(url.hostname)`), a fixed
// origin prefix (`x.startsWith('https://pay.example.com/')`), an allow-list helper by name
// (`isAllowedUrl(x)`, `isSafeRedirect(x)`), and for redirects a same-site path check
// (`x.startsWith('/') && !x.startsWith('//')`, `/^\/(?!\/)/.test(x)`).
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { findVariable, singleBinding } from './scope.js';
import { stripWrappers } from './syntax-helpers.js';
import { checkedBefore } from './checked-before.js';
import { calleeName, literalString, memberName, walk } from './route-syntax.js';
import { FIXED_ORIGIN } from './url-target.js';

const HOST_MEMBERS = new Set(['host', 'hostname', 'origin', 'protocol']);
const HELPER = /allow|safe|valid|trust|white.?list|permit|isLocal|isRelative|sameOrigin|isInternal|isExternal|isPrivate|isPublic|block|deny|ssrf/i;

function mentionsHost(node: Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (child.type === 'MemberExpression' && HOST_MEMBERS.has(memberName(child) ?? '')) found = true;
    return undefined;
  });
  return found;
}

/** Names of the variables an expression reads (`url` in `fetch(url)`, `req` and `target` in `${req.query.x}/${target}`). */
export function namesIn(node: Node): Set<string> {
  const names = new Set<string>();
  walk(node, (child) => {
    if (child.type === 'Identifier') names.add(child.name);
    return undefined;
  });
  return names;
}

function mentionsAny(node: Node, names: ReadonlySet<string>): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (child.type === 'Identifier' && names.has(child.name) && child.name !== 'req' && child.name !== 'request' && child.name !== 'ctx' && child.name !== 'c') found = true;
    if (child.type === 'MemberExpression' && /^(?:query|body|params|headers)$/.test(memberName(child) ?? '')) found = true;
    return undefined;
  });
  return found;
}

/** A host or origin check, a fixed-origin `startsWith`, or an allow-list helper given the URL, before `use`. */
export function hostCheckedBefore(use: Node, value: Node): boolean {
  const names = namesIn(value);
  return checkedBefore(use, (node) => {
    if (node.type === 'BinaryExpression' && /^[!=]==?$/.test(node.operator)) return mentionsHost(node);
    if (node.type !== 'CallExpression') return false;
    const name = calleeName(node) ?? '';
    if (/^(?:includes|has|indexOf|some|find|test|match)$/.test(name) && mentionsHost(node)) return true;
    if (name === 'startsWith') {
      const prefix = literalString(node.arguments[0]);
      return prefix !== undefined && FIXED_ORIGIN.test(prefix);
    }
    return HELPER.test(name) && node.arguments.some((arg) => mentionsAny(arg, names));
  });
}

/** Names of helpers that return a vetted URL: `getValidRedirect(x)`, `safeRedirect(x)`, `validateReturnTo(x)`. */
const VETTING_HELPER = /valid|safe|saniti[sz]|allow|white.?list|trust|clean|verif|relative|isLocal|internal|same.?origin|normali[sz]eRedirect|restrict/i;

/** Whether `part` (the tainted part of a URL) is the result of a vetting helper, directly or through a const. */
export function isVettedResult(part: Node, context: Rule.RuleContext): boolean {
  let inner = stripWrappers(part);
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding === undefined || binding.declarator.id !== binding.name) return false;
    inner = stripWrappers(binding.init);
  }
  while (inner.type === 'AwaitExpression') inner = stripWrappers(inner.argument);
  return inner.type === 'CallExpression' && VETTING_HELPER.test(calleeName(inner) ?? '');
}

export type RelativeCheck = 'full' | 'partial' | undefined;

/** A same-site path check before `use`: 'full' refuses `//host` too, 'partial' only tests the leading '/'. */
export function relativeCheckBefore(use: Node): RelativeCheck {
  let slash = false;
  let doubleSlash = false;
  checkedBefore(use, (node) => {
    if (node.type === 'CallExpression' && calleeName(node) === 'startsWith') {
      const prefix = literalString(node.arguments[0]);
      if (prefix === '/') slash = true;
      if (prefix === '//' || prefix === '/\\' || prefix === '\\') doubleSlash = true;
    }
    if (node.type === 'CallExpression' && calleeName(node) === 'charAt') slash = true;
    if (node.type === 'Literal' && 'regex' in node && node.regex !== undefined && node.regex.pattern.startsWith('^\\/')) {
      slash = true;
      if (/\(\?!|\[\^/.test(node.regex.pattern)) doubleSlash = true;
    }
    if (node.type === 'Literal' && (node.value === '//' || node.value === '/\\')) doubleSlash = true;
    return false;
  });
  if (slash && doubleSlash) return 'full';
  return slash ? 'partial' : undefined;
}
