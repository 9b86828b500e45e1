// What a hash is used for, judged by names: the words of what goes in (`.update(req.body.password)`,
// `md5(user.email)`) and of where the digest goes (the variable, property or function that receives
// it, and the function the hashing happens in). A weak hash of a password or token is a finding; the
// same hash as an ETag, a cache key or a file checksum is not.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { enclosingFunctionName, flowTarget } from './flow-target.js';
import { nameWords } from './names.js';
import { findVariable } from './scope.js';
import { staticPropertyName } from './syntax-helpers.js';

type WithParent = Node & { parent?: Node };

export interface HashUsage {
  /** Words of the hashed inputs. */
  readonly inputWords: readonly string[];
  /** Words of the digest's destination (variable, property, the function returning it). */
  readonly targetWords: readonly string[];
  /** Words of the function the hashing happens in. */
  readonly contextWords: readonly string[];
  /** Whether one of those names is a password (not a password-reset token). */
  readonly passwordHit: boolean;
}

/**
 * For `createHash(...)` (or any call returning a hash object): the inputs of its `.update()` calls
 * and the destination of its `.digest()`, along a chain or through a variable. For a one-shot hash
 * function (`md5(x)`), pass `oneShot` so the call's own arguments are the inputs.
 */
export function hashUsage(call: CallExpression, context: Rule.RuleContext, oneShot = false): HashUsage {
  const inputs: Node[] = oneShot ? call.arguments.filter((arg): arg is typeof arg & Node => arg.type !== 'SpreadElement') : [];
  const targets: string[] = [];
  const follow = (start: Node): void => {
    let current: Node = start;
    for (;;) {
      const member = ((current as WithParent).parent ?? undefined);
      if (member?.type !== 'MemberExpression' || member.object !== current) break;
      const method = staticPropertyName(member.property, member.computed);
      const outer = ((member as WithParent).parent ?? undefined);
      if (outer?.type !== 'CallExpression' || outer.callee !== member) break;
      if (method === 'update') inputs.push(...outer.arguments.filter((arg): arg is typeof arg & Node => arg.type !== 'SpreadElement'));
      current = outer;
    }
    // user.password === md5(pass): what the digest is compared with says what it is
    const compared = (current as WithParent).parent ?? undefined;
    if (compared?.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(compared.operator)) {
      const other = compared.left === current ? compared.right : compared.left;
      if (other.type !== 'PrivateIdentifier' && other.type !== 'Literal') targets.push(context.sourceCode.getText(other));
    }
    const target = flowTarget(current);
    if (target.name !== undefined) targets.push(target.name);
    if (target.functionName !== undefined) targets.push(target.functionName);
    // const hash = createHash('md5'); hash.update(x); ...
    const parent = ((current as WithParent).parent ?? undefined);
    if (current === start && parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
      const variable = findVariable(parent.id, context);
      for (const reference of variable?.references ?? []) if (reference.identifier !== parent.id) follow(reference.identifier as Node);
    }
  };
  follow(call);
  const enclosing = enclosingFunctionName(call);
  const inputNames = inputs.filter((input) => input.type !== 'Literal').map((input) => context.sourceCode.getText(input));
  const names = [...inputNames, ...targets, ...(enclosing === undefined ? [] : [enclosing])];
  return {
    contextWords: enclosing === undefined ? [] : nameWords(enclosing),
    inputWords: inputNames.flatMap((name) => nameWords(name)),
    targetWords: targets.flatMap((name) => nameWords(name)),
    passwordHit: names.some((name) => namesPassword(name)),
  };
}

// `resetPasswordToken`, `passwordResetLink`: about a password, but the value is a token
const NOT_THE_PASSWORD = new Set(['token', 'tokens', 'link', 'code', 'otp', 'policy', 'length', 'url']);

function namesPassword(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => PASSWORD_WORDS.has(word)) && !words.some((word) => NOT_THE_PASSWORD.has(word));
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'pin', 'credential', 'credentials']);
const SECRET_USE_WORDS = new Set(['secret', 'token', 'tokens', 'signature', 'sign', 'signed', 'auth', 'authenticate', 'authentication', 'otp', 'apikey', 'session', 'nonce', 'salt', 'hmac', 'csrf', 'reset', 'login', 'verify', 'verification', 'credential', 'credentials', 'cookie', 'jwt', 'mac', 'challenge', 'private']);
const BENIGN_WORDS = new Set(['etag', 'cache', 'cached', 'checksum', 'fingerprint', 'gravatar', 'avatar', 'file', 'files', 'filename', 'content', 'contents', 'buffer', 'chunk', 'chunks', 'image', 'integrity', 'dedupe', 'dedup', 'bucket', 'shard', 'partition', 'color', 'colour', 'slug', 'url', 'uri', 'path', 'body', 'stream', 'asset', 'assets', 'bundle', 'css', 'html', 'template', 'version', 'revision', 'digest', 'identicon', 'md5sum', 'sha1sum', 'sum', 'hex', 'email', 'emails', 'uuid', 'seed', 'random', 'query', 'sql', 'source', 'code', 'blob', 'upload', 'download', 'object', 'id', 'script', 'lua', 'sha', 'commit', 'git', 'tag', 'key_name', 'dedupe', 'lookup', 'shard']);

export function isPasswordUse(usage: HashUsage): boolean {
  return usage.passwordHit;
}

/** 'security' (password, token, signature, ...), 'benign' (ETag, cache key, file checksum, gravatar) or 'unknown'. */
export function hashPurpose(usage: HashUsage): 'security' | 'benign' | 'unknown' {
  if (isPasswordUse(usage)) return 'security';
  const has = (words: readonly string[], set: ReadonlySet<string>): boolean => words.some((word) => set.has(word));
  // the destination decides first: `resetToken = md5(user.id + now)` is a token; `cacheKey` is not
  if (has(usage.targetWords, SECRET_USE_WORDS) && !has(usage.targetWords, BENIGN_WORDS)) return 'security';
  if (has(usage.targetWords, BENIGN_WORDS) || has(usage.inputWords, BENIGN_WORDS) || has(usage.contextWords, BENIGN_WORDS)) return 'benign';
  if (has(usage.inputWords, SECRET_USE_WORDS) || has(usage.contextWords, SECRET_USE_WORDS)) return 'security';
  return 'unknown';
}
