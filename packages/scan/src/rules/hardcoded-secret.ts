// Passwords, API keys and tokens written into the source (bandit B105/B106/B107), found two ways:
// by provider format anywhere (AWS, GitHub, Slack, Stripe, PEM private keys, signed JWTs,
// credentials in connection URIs), and by name: a secret-named variable, property, parameter
// default or comparison whose string value looks like a real secret (not a label, field name,
// env var name, route or mask). Signing keys handed to jwt/session/HMAC APIs are left to
// hardcoded-signing-key, so that one line is one finding.
import type { Node } from 'estree';
import { flowTarget, lastName } from '../analysis/flow-target.js';
import { isBarePass, isHighEntropy, isLiteralAuthorization, isPlaceholderLike, knownSecretFormat, looksGenerated, looksLikeSecretValue, secretNameStrength, uriPassword } from '../analysis/secret-values.js';
import { keyPositions, koaKeysPosition } from '../analysis/signing-keys.js';
import { stripWrappers } from '../analysis/syntax-helpers.js';
import type { Level } from './types.js';
import { defineRule } from './define.js';

interface Candidate {
  readonly node: Node;
  readonly confidence: Level;
  readonly detail: string;
}

type WithParent = Node & { parent?: Node };

/** A string literal or a template literal without expressions, and its text. */
function stringOf(node: Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Whether the literal's value is only a fallback: `process.env.X || 'lit'`, `config.get('x') ?? 'lit'`. */
function isFallback(literal: Node): boolean {
  const parent = ((literal as WithParent).parent ?? undefined);
  return parent?.type === 'LogicalExpression' && parent.right === literal && (parent.operator === '||' || parent.operator === '??');
}

/** Whether a property value sits in an object literal that also has a user name (`{ user, pass }`). */
function besideUserName(literal: Node): boolean {
  let property = (literal as WithParent).parent ?? undefined;
  if (property?.type === 'LogicalExpression') property = (property as WithParent).parent ?? undefined;
  const object = property?.type === 'Property' ? ((property as WithParent).parent ?? undefined) : undefined;
  if (object?.type !== 'ObjectExpression') return false;
  return object.properties.some((other) => other.type === 'Property' && /^(?:user|username|userName|login|email)$/.test(lastName(other.key) ?? ''));
}

function inFirebaseConfig(literal: Node): boolean {
  const property = (literal as WithParent).parent ?? undefined;
  const object = property?.type === 'Property' ? ((property as WithParent).parent ?? undefined) : undefined;
  return object?.type === 'ObjectExpression' && object.properties.some((other) => other.type === 'Property' && ['authDomain', 'messagingSenderId', 'projectId', 'storageBucket'].includes(lastName(other.key) ?? ''));
}

export const hardcodedSecret = defineRule(
  {
    id: 'hardcoded-secret',
    name: 'Secret in the source',
    cwe: 798,
    owasp: 'A07:2021-Identification and Authentication Failures',
    bandit: 'B105',
    severity: 'high',
    confidence: 'medium',
    message: 'A password, API key or token is hard-coded in the source.',
    fix: 'Read it from the environment or a secret manager at start-up, and rotate the value that was committed (it stays in the history).',
    docs: {
      description:
        'Reports provider credentials by their format wherever they appear (AWS access key ids, GitHub, Slack, Stripe, Google, SendGrid and npm tokens, PEM private keys, signed JWTs, passwords in connection URIs), ' +
        'and strings assigned to, defaulted into or compared with secret-named variables and properties (`password`, `secret`, `apiKey`, `token`, `privateKey`, `clientSecret`, ...). ' +
        'Not reported: labels and messages (`\'Enter your password\'`), field and header names (`\'password\'`, `\'x-api-key\'`), env var names, routes (`\'/reset-password\'`), i18n keys, masks (`\'********\'`) and empty strings. ' +
        'A literal fallback of an environment look-up (`process.env.DB_PASSWORD || \'admin123\'`) is reported: the application runs with it whenever the variable is missing. ' +
        'Placeholders such as `\'changeme\'` are reported too: in production code a placeholder is the real password until someone changes it.',
      vulnerable: "const db = new Pool({ user: 'app', password: 'S3cr3t!2024' });\nconst mailer = nodemailer.createTransport({ auth: { user: 'noreply', pass: 'mailpass2024' } });",
      safe: "const db = new Pool({ user: 'app', password: process.env.DB_PASSWORD });\nconst mailer = nodemailer.createTransport({ auth: { user: 'noreply', pass: process.env.SMTP_PASSWORD } });",
    },
  },
  (context, report) => {
    const candidates: Candidate[] = [];
    const keyRanges: [number, number][] = [];

    const byName = (literal: Node, name: string | undefined, how: string): void => {
      const value = stringOf(literal);
      if (value !== undefined && name !== undefined && /^authorization$/i.test(name) && isLiteralAuthorization(value)) {
        candidates.push({ node: literal, confidence: 'high', detail: '(a literal Authorization header)' });
        return;
      }
      const fallback = isFallback(literal);
      if (value === undefined || name === undefined || (/^apiKey$/i.test(name) && inFirebaseConfig(literal))) return;
      const strength = secretNameStrength(name) ?? (isBarePass(name) && besideUserName(literal) ? 'strong' : undefined);
      // a `...Key`/`...Name` slot may hold a storage key or field name ('secretKey'); a `secret` slot holds the secret
      const wordsAllowed = strength === 'strong' && !/(?:key|keys|name)$/i.test(name);
      if (!looksLikeSecretValue(value, fallback, wordsAllowed)) return;
      if (strength === undefined || (strength === 'token' && !looksGenerated(value))) return;
      const strong = isHighEntropy(value) && !isPlaceholderLike(value);
      const confidence: Level = strong && !fallback ? 'high' : 'medium';
      candidates.push({ node: literal, confidence, detail: `(${how} \`${name}\`${fallback ? ', as the fallback when the variable is unset' : ''})` });
    };

    // The literal that a value position holds: itself, or the right side of `x || 'lit'`.
    const literalsOf = (value: Node): Node[] => {
      const inner = stripWrappers(value);
      if (stringOf(inner) !== undefined) return [inner];
      if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) return literalsOf(inner.right);
      return [];
    };

    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        const known = knownSecretFormat(node.value);
        // a Firebase web config's apiKey is public by design (it identifies the project)
        if (known?.kind === 'a Google API key' && inFirebaseConfig(node)) return;
        if (known !== undefined) {
          // a JWT in the source is usually a sample or an expired test token: a credential only if still valid
          candidates.push({ node, confidence: known.kind === 'a signed JWT' ? 'medium' : 'high', detail: `(${known.kind})` });
          return;
        }
        if (uriPassword(node.value) !== undefined) candidates.push({ node, confidence: 'medium', detail: '(a password in a connection URI)' });
      },
      TemplateLiteral(node) {
        const text = node.quasis.map((quasi) => quasi.value.cooked ?? '').join('\u0000');
        const known = knownSecretFormat(text);
        if (known !== undefined) candidates.push({ node, confidence: 'high', detail: `(${known.kind})` });
        else if (node.expressions.length === 0 && uriPassword(text) !== undefined) candidates.push({ node, confidence: 'medium', detail: '(a password in a connection URI)' });
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier' && node.init !== null && node.init !== undefined) for (const literal of literalsOf(node.init)) byName(literal, node.id.name, 'assigned to');
      },
      AssignmentExpression(node) {
        if (node.operator === '=' || node.operator === '||=' || node.operator === '??=') for (const literal of literalsOf(node.right)) byName(literal, lastName(node.left), 'assigned to');
      },
      Property(node) {
        if (node.kind !== 'init' || node.method) return;
        const target = flowTarget(node.value);
        if (node.value.type === 'AssignmentPattern') return;
        for (const literal of literalsOf(node.value)) byName(literal, target.name, 'the property');
      },
      PropertyDefinition(node) {
        if (node.value !== null && node.value !== undefined) for (const literal of literalsOf(node.value)) byName(literal, lastName(node.key), 'the field');
      },
      AssignmentPattern(node) {
        if (node.left.type === 'Identifier') for (const literal of literalsOf(node.right)) byName(literal, node.left.name, 'the default of');
      },
      BinaryExpression(node) {
        if (!['===', '==', '!==', '!='].includes(node.operator) || node.left.type === 'PrivateIdentifier') return;
        for (const [side, other] of [[node.left, node.right], [node.right, node.left]] as const) {
          const inner = stripWrappers(other);
          // `if (process.env.JWT_SECRET === 'changeme') throw ...` refuses the default: the opposite of a finding
          if (inner.type === 'MemberExpression' && /^process\.env\b/.test(context.sourceCode.getText(inner.object))) continue;
          if (inner.type === 'Identifier' || inner.type === 'MemberExpression') byName(stripWrappers(side), lastName(inner), 'compared with');
        }
      },
      'CallExpression, NewExpression, AssignmentExpression'(node: Node) {
        if (node.type !== 'CallExpression' && node.type !== 'NewExpression' && node.type !== 'AssignmentExpression') return;
        const positions = node.type === 'AssignmentExpression' ? [koaKeysPosition(node, context)].filter((p) => p !== undefined) : keyPositions(node, context);
        for (const position of positions) {
          const range = (position.node as Node & { range?: [number, number] }).range;
          if (range !== undefined) keyRanges.push(range);
        }
      },
      'Program:exit'() {
        const seen = new Set<Node>();
        const rank: Record<Level, number> = { high: 0, medium: 1, low: 2 };
        for (const candidate of [...candidates].sort((a, b) => rank[a.confidence] - rank[b.confidence])) {
          if (seen.has(candidate.node)) continue;
          seen.add(candidate.node);
          const range = (candidate.node as Node & { range?: [number, number] }).range;
          if (range !== undefined && keyRanges.some(([start, end]) => range[0] >= start && range[1] <= end)) continue;
          report(candidate.node, { confidence: candidate.confidence, detail: candidate.detail });
        }
      },
    };
  },
);
