// Where signing and MAC keys go: the argument or option that holds the key of jwt.sign/verify
// (jsonwebtoken, jose, hono, @nestjs/jwt, express-jwt, passport-jwt), of session and cookie
// middleware (express-session, cookie-session, cookie-parser, @fastify/cookie, @fastify/session,
// @fastify/jwt, @fastify/secure-session), of crypto.createHmac, and the keys of crypto ciphers and
// crypto-js encrypt/decrypt. Shared by hardcoded-signing-key
// (which reports literal keys there) and hardcoded-secret (which leaves those positions to it).
import type { Rule } from 'eslint';
import type { CallExpression, NewExpression, Node } from 'estree';
import type { Callee } from './callee.js';
import { resolveCallee, samePath } from './callee.js';
import { lastName } from './flow-target.js';
import { optionValue } from './objects.js';
import { findVariable, singleBinding } from './scope.js';
import { stripWrappers } from './syntax-helpers.js';

export interface KeyPosition {
  /** The expression that holds the key. */
  readonly node: Node;
  /** What the key is for, e.g. "jwt.sign", "express-session secret". */
  readonly use: string;
}

const FASTIFY_PLUGINS: Readonly<Record<string, readonly string[]>> = {
  '@fastify/cookie': ['secret'],
  'fastify-cookie': ['secret'],
  '@fastify/session': ['secret'],
  'fastify-session': ['secret'],
  '@fastify/jwt': ['secret'],
  'fastify-jwt': ['secret'],
  '@fastify/secure-session': ['secret', 'key'],
  'fastify-secure-session': ['secret', 'key'],
};

function is(callee: Callee | undefined, module: string | readonly string[], ...path: string[]): boolean {
  if (callee?.module === undefined) return false;
  return (typeof module === 'string' ? callee.module === module : module.includes(callee.module)) && samePath(callee.path, path);
}

/** crypto.createHmac also reached through the global `crypto` (CommonJS scripts, the REPL). */
export function isCryptoCall(callee: Callee | undefined, name: string): boolean {
  if (callee === undefined) return false;
  if (callee.module === 'crypto') return samePath(callee.path, [name]);
  return callee.module === undefined && samePath(callee.path, ['crypto', name]);
}

function option(call: CallExpression | NewExpression, index: number, name: string, use: string, context: Rule.RuleContext): KeyPosition[] {
  const value = optionValue(call.arguments[index] as Node | undefined, name, context);
  return value === undefined ? [] : [{ node: value, use }];
}

function argument(call: CallExpression | NewExpression, index: number, use: string): KeyPosition[] {
  const node = call.arguments[index];
  return node === undefined || node.type === 'SpreadElement' ? [] : [{ node, use }];
}

/** The key positions of one call or `new` expression. */
export function keyPositions(call: CallExpression | NewExpression, context: Rule.RuleContext): KeyPosition[] {
  const callee = resolveCallee(call, context);
  if (call.type === 'NewExpression') {
    if (is(callee, 'passport-jwt', 'Strategy')) return option(call, 0, 'secretOrKey', 'passport-jwt secretOrKey', context);
    if (is(callee, '@nestjs/jwt', 'JwtService')) return option(call, 0, 'secret', 'JwtService secret', context);
    return [];
  }
  if (is(callee, 'jsonwebtoken', 'sign') || is(callee, 'jsonwebtoken', 'verify')) return argument(call, 1, `jwt.${callee?.path[0] ?? ''}`);
  if (is(callee, ['hono/jwt', 'hono/utils/jwt/jwt'], 'sign') || is(callee, ['hono/jwt'], 'verify') || is(callee, 'hono/jwt', 'Jwt', 'sign') || is(callee, 'hono/jwt', 'Jwt', 'verify')) return argument(call, 1, 'hono jwt');
  if (is(callee, 'hono/jwt', 'jwt')) return option(call, 0, 'secret', 'hono jwt() secret', context);
  if (is(callee, 'jose', 'jwtVerify')) return argument(call, 1, 'jose jwtVerify');
  if (is(callee, 'express-session') || is(callee, 'cookie-session')) return [...option(call, 0, 'secret', `${callee?.module ?? ''} secret`, context), ...option(call, 0, 'keys', `${callee?.module ?? ''} keys`, context)];
  if (is(callee, 'cookie-parser')) return argument(call, 0, 'cookie-parser secret');
  if (is(callee, 'express-jwt') || is(callee, 'express-jwt', 'expressjwt')) return option(call, 0, 'secret', 'express-jwt secret', context);
  if (is(callee, '@nestjs/jwt', 'JwtModule', 'register')) return option(call, 0, 'secret', 'JwtModule secret', context);
  if (isCryptoCall(callee, 'createHmac')) return argument(call, 1, 'crypto.createHmac');
  // encryption keys are the same kind of secret (CWE-321)
  for (const name of ['createCipheriv', 'createDecipheriv', 'createCipher', 'createDecipher']) if (isCryptoCall(callee, name)) return argument(call, 1, `crypto.${name} key`);
  if (callee?.module === 'crypto-js' && callee.path.length === 2 && (callee.path[1] === 'encrypt' || callee.path[1] === 'decrypt')) return argument(call, 1, `CryptoJS.${callee.path.join('.')} key`);
  const fromCallee = call.callee.type === 'MemberExpression' ? keyPositionsOfMethod(call, context) : [];
  return fromCallee;
}

/** Koa: `app.keys = ['...']` signs cookies; the assigned array is the key position. */
export function koaKeysPosition(assignment: Node, context: Rule.RuleContext): KeyPosition | undefined {
  if (assignment.type !== 'AssignmentExpression' || assignment.operator !== '=' || assignment.left.type !== 'MemberExpression') return undefined;
  if (lastName(assignment.left) !== 'keys') return undefined;
  const owner = stripWrappers(assignment.left.object);
  if (owner.type !== 'Identifier') return undefined;
  const binding = singleBinding(findVariable(owner, context));
  const init = binding === undefined ? undefined : stripWrappers(binding.init);
  if (init?.type !== 'NewExpression' || resolveCallee(init, context)?.module !== 'koa') return undefined;
  return { node: assignment.right, use: 'Koa app.keys' };
}

function keyPositionsOfMethod(call: CallExpression, context: Rule.RuleContext): KeyPosition[] {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression') return [];
  const method = lastName(callee);
  // fastify.register(require('@fastify/cookie'), { secret: '...' })
  if (method === 'register') {
    const plugin = call.arguments[0] === undefined ? undefined : resolveCallee(call.arguments[0] as Node, context);
    const names = plugin?.module === undefined || plugin.path.length > 1 ? undefined : FASTIFY_PLUGINS[plugin.module];
    if (names !== undefined && (plugin?.path.length === 0 || plugin?.path[0] === 'default')) return names.flatMap((name) => option(call, 1, name, `${plugin?.module ?? ''} ${name}`, context));
    return [];
  }
  // new SignJWT(claims).setProtectedHeader(...).sign(key)
  if (method === 'sign' && isSignJwtChain(callee.object, context)) return argument(call, 0, 'jose SignJWT.sign');
  // this.jwtService.sign(payload, { secret: '...' }) (NestJS; the service is injected, so go by name)
  if (method === 'sign' || method === 'signAsync' || method === 'verify' || method === 'verifyAsync') {
    const owner = lastName(stripWrappers(callee.object));
    if (owner !== undefined && /^jwtService$/i.test(owner)) return [...option(call, 1, 'secret', `JwtService.${method}`, context), ...option(call, 1, 'privateKey', `JwtService.${method}`, context)];
  }
  return [];
}

function isSignJwtChain(node: Node, context: Rule.RuleContext): boolean {
  let current = stripWrappers(node);
  for (let depth = 0; depth < 12; depth++) {
    if (current.type === 'NewExpression') return is(resolveCallee(current, context), 'jose', 'SignJWT');
    if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') current = stripWrappers(current.callee.object);
    else return false;
  }
  return false;
}
