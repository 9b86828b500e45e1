// command-injection (bandit B602/B604/B605): a shell command built from non-constant data.
// child_process exec/execSync always run a shell; spawn/execFile (and cross-spawn, execa) only with
// `shell: true` or when the program is itself a shell (`sh -c ...`). An argument array without a
// shell is safe (no metacharacters are interpreted); a client-chosen *program* is still reported.
import type { Rule } from 'eslint';
import type { CallExpression, Node } from 'estree';
import { argumentRisk, type ArgumentRisk } from '../analysis/argument-risk.js';
import { resolveCallee } from '../analysis/callee.js';
import { staticValue } from '../analysis/constant.js';
import { isGeneratedOrVendored } from '../analysis/generated-code.js';
import { staticPropertyName, stripWrappers as unwrap } from '../analysis/syntax-helpers.js';
import { defineRule } from './define.js';
import type { Level } from './types.js';

const SHELL_ALWAYS: Record<string, readonly string[]> = {
  child_process: ['exec', 'execSync'],
  shelljs: ['exec'],
};
const SPAWN_LIKE: Record<string, readonly string[]> = {
  child_process: ['spawn', 'spawnSync', 'execFile', 'execFileSync'],
  'cross-spawn': ['', 'spawn', 'sync'],
  execa: ['', 'execa', 'execaSync'],
};
/** execa's command-string APIs split on spaces (no shell): a client-chosen string still picks the program and its options. */
const COMMAND_STRING: Record<string, readonly string[]> = { execa: ['execaCommand', 'execaCommandSync', 'command', 'commandSync'] };
const SHELLS = /^(?:(?:\/usr)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/;

export const commandInjection = defineRule(
  {
    id: 'command-injection',
    name: 'Shell command built from non-constant data',
    cwe: 78,
    owasp: 'A03:2021-Injection',
    bandit: 'B602',
    severity: 'high',
    confidence: 'high',
    message: 'A shell command is built from non-constant data; shell metacharacters in it run other commands.',
    fix: 'Run the program without a shell and pass arguments as an array (`execFile("ping", ["-c", "1", host])`), and validate the arguments against an allow-list.',
    docs: {
      description:
        'Finds `child_process.exec`/`execSync` (always a shell), `spawn`/`spawnSync`/`execFile`/`execFileSync`, `cross-spawn` and `execa` with `shell: true` or a shell as the program (`sh -c`), `shelljs.exec`, and `execaCommand`, when the command is not a constant. High confidence when request data reaches it; medium when other non-constant values make up the command; low when they all come from parameters of the enclosing function (a helper whose callers, in other files, decide). Argument arrays without a shell, `RegExp.prototype.exec` and methods merely named `exec` are not reported.',
      vulnerable: "app.post('/ping', (req, res) => {\n  exec('ping -c 2 ' + req.body.address, (err, stdout) => res.send(stdout));\n});",
      safe: "app.post('/ping', (req, res) => {\n  if (!net.isIP(req.body.address)) return res.status(400).end();\n  execFile('ping', ['-c', '2', req.body.address], (err, stdout) => res.send(stdout));\n});",
    },
  },
  (context, report) => ({
    CallExpression(node) {
      const call = node as CallExpression;
      const callee = resolveCallee(call, context);
      if (callee?.module === undefined) return;
      const name = callee.path.join('.');
      const [command, second] = call.arguments;
      if (command === undefined || command.type === 'SpreadElement') return;
      if (SHELL_ALWAYS[callee.module]?.includes(name) === true) {
        flag(call, argumentRisk(command, context, 'shell'), `\`${name}\` runs its command in a shell`, report, isGeneratedOrVendored(context));
        return;
      }
      if (COMMAND_STRING[callee.module]?.includes(name) === true) {
        const risk = argumentRisk(command, context, 'shell');
        if (risk?.kind === 'tainted') flag(call, risk, `\`${name}\` runs a command string`, report);
        return;
      }
      if (SPAWN_LIKE[callee.module]?.includes(name) !== true) return;
      const args = second !== undefined && unwrap(second).type === 'ArrayExpression' ? unwrap(second) : undefined;
      const program = staticValue(command, context)?.value;
      if (hasShellOption(call, context)) {
        const risk = argumentRisk(command, context, 'shell') ?? (args === undefined ? undefined : argumentRisk(args, context, 'shell'));
        flag(call, risk, `\`${name}\` with \`shell: true\``, report, isGeneratedOrVendored(context));
        return;
      }
      if (typeof program === 'string' && SHELLS.test(program) && args?.type === 'ArrayExpression') {
        // spawn('sh', ['-c', cmd]): the element after -c is a shell command
        const flagIndex = args.elements.findIndex((element) => element !== null && element.type !== 'SpreadElement' && /^[-/]c$/i.test(String(staticValue(element, context)?.value ?? '')));
        const script = flagIndex < 0 ? undefined : args.elements[flagIndex + 1];
        if (script !== undefined && script !== null && script.type !== 'SpreadElement') flag(call, argumentRisk(script, context, 'shell'), `\`${program} -c\` runs its argument in a shell`, report);
        return;
      }
      // no shell: only a client-chosen program is a problem
      const risk = argumentRisk(command, context, 'shell');
      if (risk?.kind === 'tainted') flag(call, risk, `the client chooses the program \`${name}\` runs`, report);
    },
  }),
);

function flag(call: CallExpression, risk: ArgumentRisk, why: string, report: (node: Node, options: { confidence: Level; detail: string }) => void, vendored = false): void {
  if (risk === undefined || (vendored && risk.kind !== 'tainted')) return;
  if (risk.kind === 'tainted') report(call, { confidence: risk.trace.confidence, detail: `(request data \`${risk.trace.source}\`; ${why})` });
  // a helper filling its parameters into a command: its callers (in other files) decide
  else report(call, { confidence: risk.parametersOnly ? 'low' : 'medium', detail: `(${why})` });
}

/** `{ shell: true }` (or a shell path) in the call's options object. */
function hasShellOption(call: CallExpression, context: Rule.RuleContext): boolean {
  return call.arguments.some((argument) => {
    const inner = unwrap(argument);
    if (inner.type !== 'ObjectExpression') return false;
    return inner.properties.some((property) => {
      if (property.type !== 'Property' || staticPropertyName(property.key, property.computed) !== 'shell') return false;
      const value = staticValue(property.value, context);
      return value === undefined ? true : value.value !== false && value.value !== undefined;
    });
  });
}
