// The engine: parse once, one traversal, every rule's listeners called from it. The rule context
// is the subset of ESLint's that scan rules use (see rules/types.ts), so the same Rule.RuleModule
// runs here, under ESLint, and under oxlint. Messages come back in ESLint's shape (1-based line
// and column) so that the two paths can be compared finding for finding.
import type { Rule } from 'eslint';
import { LineIndex } from './line-index.js';
import { parse, type ParseFailure } from './parse.js';
import { compileListeners, type Handler } from './selectors.js';
import { ScanSourceCode } from './source-code.js';
import { EXIT, prepare, type AstNode } from './traverse.js';

export interface EngineRule {
  readonly id: string;
  readonly module: Rule.RuleModule;
}

export interface EngineMessage {
  readonly ruleId: string;
  readonly messageId: string | undefined;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type LintOutcome =
  | { readonly ok: true; readonly messages: readonly EngineMessage[]; readonly lines: LineIndex; readonly source: ScanSourceCode }
  | { readonly ok: false; readonly error: ParseFailure; readonly lines: LineIndex };

type Loc = { line: number; column: number };
type Descriptor = {
  node?: AstNode;
  loc?: { start: Loc; end?: Loc } | Loc;
  messageId?: string;
  message?: string;
  data?: Record<string, unknown>;
};

function interpolate(text: string, data: Record<string, unknown> | undefined): string {
  if (data === undefined) return text;
  return text.replace(/\{\{([^{}]+?)\}\}/g, (whole, name: string) => {
    const key = name.trim();
    return key in data ? String(data[key]) : whole;
  });
}

function locationOf(descriptor: Descriptor): { start: Loc; end: Loc } {
  const { loc, node } = descriptor;
  if (loc !== undefined) return 'start' in loc ? { start: loc.start, end: loc.end ?? loc.start } : { start: loc, end: loc };
  if (node?.loc !== undefined) return node.loc;
  return { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
}

/** A rule threw: the file is reported as not fully checked, and the run goes on. */
export class RuleCrash extends Error {
  readonly code = 'SCAN_RULE_CRASHED';
  constructor(
    readonly ruleId: string,
    readonly line: number,
    readonly column: number,
    cause: unknown,
  ) {
    super(`rule ${ruleId} failed at line ${line}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

function guarded(ruleId: string, listener: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(listener)) {
    if (typeof value !== 'function') continue;
    const handler = value as Handler;
    wrapped[key] = (node: AstNode) => {
      try {
        handler(node);
      } catch (error) {
        if (error instanceof RuleCrash) throw error;
        throw new RuleCrash(ruleId, node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1, error);
      }
    };
  }
  return wrapped;
}

export function lintSource(code: string, filename: string, rules: readonly EngineRule[]): LintOutcome {
  const lines = new LineIndex(code);
  const parsed = parse(code, filename, lines);
  if (!parsed.ok) return { ok: false, error: parsed.error, lines };
  const program = parsed.program as AstNode;
  // Rules that read node.range of the Program expect it to span the file, as in ESLint.
  const order = prepare(program, lines);
  const source = new ScanSourceCode(code, program, parsed.comments, lines, parsed.sourceType);
  const messages: EngineMessage[] = [];
  const listeners = rules.map((rule) => {
    const messageTexts = rule.module.meta?.messages ?? {};
    const report = (descriptor: Descriptor): void => {
      const { start, end } = locationOf(descriptor);
      const template = descriptor.messageId === undefined ? (descriptor.message ?? '') : (messageTexts[descriptor.messageId] ?? descriptor.messageId);
      messages.push({
        ruleId: rule.id,
        messageId: descriptor.messageId,
        message: interpolate(template, descriptor.data),
        line: start.line,
        column: start.column + 1,
        endLine: end.line,
        endColumn: end.column + 1,
      });
    };
    const context = {
      id: rule.id,
      filename,
      physicalFilename: filename,
      cwd: process.cwd(),
      options: [],
      settings: {},
      languageOptions: { ecmaVersion: 'latest', sourceType: parsed.sourceType },
      sourceCode: source,
      report,
    };
    // The context implements the documented subset only (rules/types.ts); the cast is the contract.
    return guarded(rule.id, rule.module.create(context as unknown as Rule.RuleContext) as Readonly<Record<string, unknown>>);
  });
  const compiled = compileListeners(listeners);
  const stack: AstNode[] = [];
  const call = (handlers: readonly Handler[], node: AstNode): void => {
    for (const handler of handlers) handler(node);
  };
  for (const step of order) {
    if (step === EXIT) {
      const node = stack.pop();
      if (node !== undefined) call(compiled.handlersFor(node, true), node);
    } else {
      stack.push(step);
      call(compiled.handlersFor(step, false), step);
    }
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return { ok: true, messages, lines, source };
}
