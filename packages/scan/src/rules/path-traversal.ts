// path-traversal: request data chooses a file the server reads, writes, lists or deletes.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { resolveCallee } from '../analysis/callee.js';
import { checkedBefore } from '../analysis/checked-before.js';
import { calleeName, literalString } from '../analysis/route-syntax.js';
import { findVariable, singleBinding } from '../analysis/scope.js';
import { staticPropertyName, stripWrappers } from '../analysis/syntax-helpers.js';
import { taintOf } from '../analysis/taint.js';
import type { TaintTrace } from '../analysis/taint.js';
import { namesIn } from '../analysis/url-guards.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'original-fs', 'fs-extra/esm', 'mz/fs']);
/** fs functions and the indexes of their path arguments. */
const FS_PATHS: Readonly<Record<string, readonly number[]>> = Object.fromEntries(
  Object.entries({
    '0': [
      'readFile', 'readFileSync', 'createReadStream', 'createWriteStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
      'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'stat', 'statSync', 'lstat', 'lstatSync',
      'open', 'openSync', 'access', 'accessSync', 'exists', 'existsSync', 'mkdir', 'mkdirSync', 'opendir', 'opendirSync', 'truncate',
      'truncateSync', 'chmod', 'chmodSync', 'chown', 'chownSync', 'readlink', 'readlinkSync', 'realpath', 'realpathSync', 'utimes',
      'watch', 'watchFile', 'outputFile', 'outputFileSync', 'outputJson', 'outputJSON', 'readJson', 'readJSON', 'readJsonSync', 'writeJson',
      'writeJSON', 'writeJsonSync', 'remove', 'removeSync', 'pathExists', 'pathExistsSync', 'ensureFile', 'ensureDir', 'emptyDir', 'mkdirp', 'mkdirs',
    ],
    '01': ['copyFile', 'copyFileSync', 'rename', 'renameSync', 'cp', 'cpSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'copy', 'copySync', 'move', 'moveSync'],
  }).flatMap(([indexes, names]) => names.map((name) => [name, [...indexes].map(Number)])),
);
/** multer / express-fileupload fields the server chose (random names under the upload directory). */
const SERVER_CHOSEN = /\.files?(?:\.[\w$]+|\[\d+\])*\.(?:path|filename|destination|tempFilePath)$/;
/** Names too common to tie a check to this path (`req.path.startsWith('/api')` checks nothing here). */
const COMMON_NAMES = ['req', 'request', 'ctx', 'c', 'path', '__dirname', 'process', 'env', 'fs', 'query', 'params', 'body'];
/** Containment checks by name. */
const CONTAINMENT_HELPERS = /isPathInside|isInside|isSubPath|isSubdir|isSafePath|withinRoot|insideRoot|safeJoin|resolveSafe|isUnder|contains/i;

export const pathTraversal = defineRule(
  {
    id: 'path-traversal',
    name: 'File path built from request data (path traversal)',
    cwe: 22,
    owasp: 'A01:2021-Broken Access Control',
    severity: 'high',
    confidence: 'high',
    message: 'A file path comes from the request: `../` segments or an absolute path reach files outside the intended directory.',
    fix: 'Keep only the file name (`path.basename(name)`) or an allow-listed name; or resolve the path and check `resolved.startsWith(baseDir + path.sep)` before using it; with `res.sendFile`, pass `{ root: baseDir }` and the bare name.',
    docs: {
      description:
        'Path traversal: request data reaches a file system call (`fs` and `fs/promises`, fs-extra: `readFile`, `createReadStream`, `writeFile`, `unlink`, `rm`, `readdir`, `stat`, `open`, `copyFile`, `rename`...) or Express `res.sendFile`/`res.download`, also through `path.join`/`path.resolve`. ' +
        'Not reported: `path.basename` and `sanitize-filename` results, allow-listed names, a containment check before the call (`resolved.startsWith(base + path.sep)`, `path.relative`, a `..` test, an `isPathInside`-style helper), `res.sendFile(name, { root })` (send refuses `..` under a root), and the server-chosen upload paths of multer and express-fileupload (`req.file.path`). ' +
        '`res.sendFile` of a concatenation or template (not `path.join`/`path.resolve`) is not reported: send refuses `..` segments in a path it is given unnormalised (`res.download` resolves the path first, so it is reported).',
      vulnerable: "app.get('/files/:name', (req, res) => {\n  fs.createReadStream(path.join(UPLOADS, req.params.name)).pipe(res);\n});",
      safe: "app.get('/files/:name', (req, res) => {\n  const file = path.resolve(UPLOADS, req.params.name);\n  if (!file.startsWith(UPLOADS + path.sep)) return res.sendStatus(404);\n  fs.createReadStream(file).pipe(res);\n});",
    },
  },
  (context, report) => {
    const check = (call: CallExpression, arg: Node, level: Level): boolean => {
      const trace = taintOf(arg, context, { sink: 'path' });
      if (trace === undefined || SERVER_CHOSEN.test(trace.source)) return false;
      if (containedBefore(call, arg, context)) return false;
      report(call, { confidence: lower(trace, level), detail: `(\`${trace.source}\` reaches the path)` });
      return true;
    };
    return {
      CallExpression(call) {
        const fsIndexes = fsPathIndexes(call, context);
        if (fsIndexes !== undefined) {
          for (const index of fsIndexes) {
            const arg = call.arguments[index];
            if (arg === undefined || arg.type === 'SpreadElement') continue;
            if (check(call, arg, 'high')) return;
          }
          return;
        }
        const callee = stripWrappers(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = staticPropertyName(callee.property, callee.computed);
        if (method !== 'sendFile' && method !== 'download' && method !== 'mv') return;
        const [first, ...rest] = call.arguments;
        if (first === undefined || first.type === 'SpreadElement') return;
        if (method === 'mv') {
          // express-fileupload: req.files.x.mv(path)
          if (taintOf(callee.object, context) === undefined) return;
          check(call, first, 'high');
          return;
        }
        if (!isExpressResponse(callee.object)) return;
        if (rest.some((arg) => hasRootOption(arg, context))) return;
        // send refuses `..` in a path it gets unnormalised, so sendFile of a concatenation does not
        // traverse; res.download resolves the path first (Express 4 and 5), so it does.
        if (method === 'download' || normalised(first, context)) check(call, first, 'high');
      },
    };
  },
);

function lower(trace: TaintTrace, level: Level): Level {
  if (trace.confidence === 'low' || level === 'low') return 'low';
  if (trace.confidence === 'medium' || level === 'medium') return 'medium';
  return 'high';
}

function fsPathIndexes(call: CallExpression, context: Rule.RuleContext): readonly number[] | undefined {
  const resolved = resolveCallee(call, context);
  if (resolved?.module === undefined || !FS_MODULES.has(resolved.module)) return undefined;
  const path = resolved.path[0] === 'promises' || resolved.path[0] === 'default' ? resolved.path.slice(1) : resolved.path;
  if (path.length !== 1) return undefined;
  const name = path[0] as string;
  return Object.hasOwn(FS_PATHS, name) ? FS_PATHS[name] : undefined;
}

function isExpressResponse(node: Node): boolean {
  const inner = stripWrappers(node);
  if (inner.type === 'Identifier') return /^(?:res|response|resp)$/.test(inner.name);
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression') return isExpressResponse(inner.callee.object); // res.status(200).sendFile
  return false;
}

function hasRootOption(node: Node, context: Rule.RuleContext): boolean {
  let inner = stripWrappers(node);
  if (inner.type === 'Identifier') {
    const binding = singleBinding(findVariable(inner, context));
    if (binding !== undefined && binding.declarator.id === binding.name) inner = stripWrappers(binding.init);
  }
  return inner.type === 'ObjectExpression' && inner.properties.some((p) => p.type === 'Property' && staticPropertyName(p.key, p.computed) === 'root');
}

/** Built by path.join/resolve/normalize (which fold `..` away before send can refuse it), or the bare value. */
function normalised(node: Node, context: Rule.RuleContext, depth = 0): boolean {
  const inner = stripWrappers(node);
  if (inner.type === 'CallExpression') return true; // path.join/resolve, or anything else: the value may be absolute
  if (inner.type === 'TemplateLiteral') return false;
  if (inner.type === 'BinaryExpression') return false;
  if (inner.type === 'Identifier' && depth < 4) {
    const binding = singleBinding(findVariable(inner, context));
    if (binding !== undefined && binding.declarator.id === binding.name) return normalised(binding.init, context, depth + 1);
  }
  return true;
}

/** A containment or `..` check that mentions the path (or what it is built from), before the call. */
function containedBefore(call: CallExpression, arg: Node, context: Rule.RuleContext): boolean {
  const names = namesIn(arg);
  // Include what the variable was built from: `const file = path.resolve(base, name)`.
  const bare = stripWrappers(arg);
  const binding = bare.type === 'Identifier' ? singleBinding(findVariable(bare, context)) : undefined;
  if (binding !== undefined) for (const inner of namesIn(binding.init)) names.add(inner);
  for (const common of COMMON_NAMES) names.delete(common);
  return checkedBefore(call, (node) => {
    if (node.type === 'CallExpression') {
      const name = calleeName(node) ?? '';
      const receiver = node.callee.type === 'MemberExpression' ? stripWrappers(node.callee.object) : undefined;
      if (name === 'startsWith' && receiver !== undefined && [...namesIn(receiver)].some((n) => names.has(n))) return true;
      if (name === 'relative' || name === 'isAbsolute' || CONTAINMENT_HELPERS.test(name)) return true;
      // A `..` test, or a refusal of separators (what is left is a bare name in the base directory).
      if (name === 'includes' || name === 'indexOf') {
        const needle = literalString(node.arguments[0]);
        if (needle !== undefined && (needle.includes('..') || needle === '/' || needle === '\\')) return true;
        const sep = node.arguments[0];
        if (sep !== undefined && sep.type === 'MemberExpression' && staticPropertyName(sep.property, sep.computed) === 'sep') return true;
      }
      if (name === 'test' && receiver?.type === 'Literal' && 'regex' in receiver && receiver.regex !== undefined && receiver.regex.pattern.includes('\\.\\.')) return true;
    }
    return false;
  });
}
