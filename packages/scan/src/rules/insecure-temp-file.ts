// Files written at fixed, guessable paths in shared temp directories (bandit B108): another local
// user can pre-create the file or a symlink there and read, replace or redirect what the service
// writes. Reported for writes and opens (fs, fs/promises, streams) whose path is a literal under
// /tmp, /var/tmp or /dev/shm, a path.join/resolve or template built from one, or os.tmpdir() joined
// with fixed names only. fs.mkdtemp and the tmp / tmp-promise libraries are the safe way.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee, samePath } from '../analysis/callee.js';
import type { Callee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { stripWrappers } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';

const SHARED_TMP = /^\/(?:tmp|var\/tmp|dev\/shm)(?:\/|$)/;

// Functions that create or write a file at their path argument (index).
const WRITERS: Readonly<Record<string, number>> = {
  writeFile: 0, writeFileSync: 0, appendFile: 0, appendFileSync: 0, createWriteStream: 0, open: 0, openSync: 0,
  copyFile: 1, copyFileSync: 1, rename: 1, renameSync: 1, symlink: 1, symlinkSync: 1, cp: 1, cpSync: 1, outputFile: 0, outputFileSync: 0, writeJson: 0, writeJsonSync: 0,
};
const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);

function writerIndex(callee: Callee | undefined): number | undefined {
  if (callee?.module === undefined || !FS_MODULES.has(callee.module)) return undefined;
  const path = callee.path[0] === 'promises' ? callee.path.slice(1) : callee.path;
  if (path.length !== 1) return undefined;
  return WRITERS[path[0] ?? ''];
}

/** open(path, flags): only a write/append/create flag makes it a write. */
function opensForWrite(call: CallExpression, callee: Callee, context: Rule.RuleContext): boolean {
  const name = callee.path.at(-1);
  if (name !== 'open' && name !== 'openSync') return true;
  const flags = call.arguments[1];
  if (flags === undefined || flags.type === 'SpreadElement') return false;
  const value = staticValue(flags, context)?.value;
  return typeof value === 'string' ? /[wa+]/.test(value) : false;
}

function isTmpdirCall(node: Node, context: Rule.RuleContext): boolean {
  const inner = stripWrappers(node);
  if (inner.type !== 'CallExpression') return false;
  const callee = resolveCallee(inner, context);
  return callee?.module === 'os' && samePath(callee.path, ['tmpdir']);
}

/** Why a path expression is a fixed location in a shared temp directory, or undefined. */
function fixedTempPath(node: Node, context: Rule.RuleContext, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const inner = stripWrappers(node);
  const value = staticValue(inner, context)?.value;
  if (typeof value === 'string') return SHARED_TMP.test(value) ? value : undefined;
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    return binding === undefined || binding.declarator.id !== binding.name ? undefined : fixedTempPath(binding.init, context, depth + 1);
  }
  // `/tmp/${name}` and '/tmp/' + name: a fixed directory; the name decides (a random one is fine)
  if (inner.type === 'TemplateLiteral') {
    const head = inner.quasis[0]?.value.cooked ?? '';
    return SHARED_TMP.test(head) && inner.expressions.every((expression) => isPredictable(expression, context)) ? `${head}...` : undefined;
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+' && inner.left.type !== 'PrivateIdentifier') {
    const head = staticValue(inner.left, context)?.value;
    return typeof head === 'string' && SHARED_TMP.test(head) && isPredictable(inner.right, context) ? `${head}...` : undefined;
  }
  if (inner.type === 'CallExpression') {
    const callee = resolveCallee(inner, context);
    if (callee?.module !== 'path' || (!samePath(callee.path, ['join']) && !samePath(callee.path, ['resolve']))) return undefined;
    const [first, ...rest] = inner.arguments;
    if (first === undefined || first.type === 'SpreadElement' || rest.some((arg) => arg.type === 'SpreadElement')) return undefined;
    const restNodes = rest as Node[];
    if (isTmpdirCall(first, context)) return restNodes.length > 0 && restNodes.every((arg) => staticValue(arg, context) !== undefined) ? 'os.tmpdir() + a fixed name' : undefined;
    const base = staticValue(first, context)?.value;
    if (typeof base === 'string' && SHARED_TMP.test(base) && restNodes.every((arg) => isPredictable(arg, context))) return `${base}/...`;
  }
  return undefined;
}

/** A fixed path part. Names with a variable part (a timestamp, an id, a random suffix) are left alone: only fully fixed paths are certain. */
function isPredictable(node: Node, context: Rule.RuleContext): boolean {
  return staticValue(stripWrappers(node), context) !== undefined;
}

export const insecureTempFile = defineRule(
  {
    id: 'insecure-temp-file',
    name: 'Fixed path in a shared temp directory',
    cwe: 377,
    owasp: 'A01:2021-Broken Access Control',
    bandit: 'B108',
    severity: 'medium',
    confidence: 'high',
    message: 'A file is written at a fixed path in a shared temporary directory: another local user can pre-create it or plant a symlink there.',
    fix: "Create a private directory with fs.mkdtemp(path.join(os.tmpdir(), 'app-')) (or use the tmp / tmp-promise package) and write inside it.",
    docs: {
      description:
        'Reports fs, fs/promises and fs-extra writes, appends, copies, renames, write streams and write-mode opens whose path is a literal under `/tmp`, `/var/tmp` or `/dev/shm`, a `path.join`/`path.resolve` or template of such a directory with fixed names, or `path.join(os.tmpdir(), ...)` with fixed names only. ' +
        'Paths with a random part and directories made with `fs.mkdtemp` are not reported.',
      vulnerable: "fs.writeFileSync('/tmp/report.csv', csv);\nfs.writeFileSync(path.join(os.tmpdir(), 'upload.bin'), data);",
      safe: "const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'report-'));\nawait fs.promises.writeFile(path.join(dir, 'report.csv'), csv);",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const callee = resolveCallee(node, context);
      const index = writerIndex(callee);
      if (index === undefined || callee === undefined || !opensForWrite(node, callee, context)) return;
      const target = node.arguments[index];
      if (target === undefined || target.type === 'SpreadElement') return;
      const why = fixedTempPath(target, context);
      if (why !== undefined) report(target, { detail: `(${why})` });
    },
  }),
);
