// The part of ESLint's SourceCode that rules use, over our own parse: text, ast, lines,
// getText, getAllComments, getAncestors, and scope analysis (getScope, scopeManager,
// getDeclaredVariables) by @typescript-eslint/scope-manager, the analyzer ESLint itself runs
// for TypeScript. Scope analysis is the most expensive step after parsing, so it runs only
// when a rule first asks for it.
import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import type { Scope } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/types';
import { builtinGlobals } from './globals.js';
import type { LineIndex } from './line-index.js';
import type { Comment } from './parse.js';
import type { AstNode } from './traverse.js';

export class ScanSourceCode {
  readonly text: string;
  readonly ast: AstNode;
  readonly lines: string[];
  readonly #comments: readonly Comment[];
  readonly #sourceType: 'module' | 'script';
  #scopeManager: ScopeManager | undefined;
  readonly #scopes = new WeakMap<object, Scope>();

  constructor(text: string, ast: AstNode, comments: readonly Comment[], lineIndex: LineIndex, sourceType: 'module' | 'script') {
    this.text = text;
    this.ast = ast;
    this.lines = lineIndex.lines();
    this.#comments = comments;
    this.#sourceType = sourceType;
  }

  get scopeManager(): ScopeManager {
    if (this.#scopeManager === undefined) {
      // The same analysis typescript-eslint's parser hands ESLint (no type information), plus the
      // ES built-in globals ESLint adds to the global scope (so `eval` resolves the same way).
      const manager = analyze(this.ast as unknown as TSESTree.Program, { sourceType: this.#sourceType });
      manager.addGlobals([...builtinGlobals]);
      this.#scopeManager = manager;
    }
    return this.#scopeManager;
  }

  getText(node?: { range: [number, number] }, before = 0, after = 0): string {
    if (node === undefined) return this.text;
    return this.text.slice(Math.max(node.range[0] - before, 0), node.range[1] + after);
  }

  getAllComments(): readonly Comment[] {
    return this.#comments;
  }

  getAncestors(node: AstNode): AstNode[] {
    const ancestors: AstNode[] = [];
    for (let current = node.parent; current; current = current.parent) ancestors.unshift(current);
    return ancestors;
  }

  getDeclaredVariables(node: AstNode) {
    return this.scopeManager.getDeclaredVariables(node as unknown as TSESTree.Node);
  }

  /** ESLint's algorithm: the innermost scope acquired by the node or one of its ancestors. */
  getScope(currentNode: AstNode): Scope {
    const cached = this.#scopes.get(currentNode);
    if (cached !== undefined) return cached;
    const manager = this.scopeManager;
    const inner = currentNode.type !== 'Program';
    let found: Scope | undefined;
    for (let node: AstNode | null | undefined = currentNode; node; node = node.parent) {
      const scope = manager.acquire(node as unknown as TSESTree.Node, inner);
      if (scope) {
        found = scope.type === 'function-expression-name' ? scope.childScopes[0] : scope;
        break;
      }
    }
    const scope = found ?? manager.scopes[0];
    if (scope === undefined) throw new Error('scope analysis produced no global scope');
    this.#scopes.set(currentNode, scope);
    return scope;
  }
}
