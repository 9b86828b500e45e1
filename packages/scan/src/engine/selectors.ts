// Rule listeners keyed by ESLint selectors: a plain node type ("CallExpression"), its ":exit", or
// any esquery selector ("CallExpression[callee.name='eval']", "Program:exit"). Plain types are a
// map lookup; other selectors are matched with esquery (what ESLint uses) against the nodes of
// the types they can match, so that one traversal serves every rule.
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import esquery from 'esquery';
import type { AstNode } from './traverse.js';

export type Handler = (node: AstNode) => void;

interface SelectorHandler {
  readonly selector: esquery.Selector;
  readonly handler: Handler;
  readonly order: number;
}

export interface CompiledListeners {
  /** Handlers for a node entered (exit = false) or left (exit = true), in registration order. */
  handlersFor(node: AstNode, exit: boolean): readonly Handler[];
}

const plainType = /^[A-Za-z]+$/;

// `:has()` walks children: give esquery the TS-ESTree keys and a fallback for unknown node types.
const matchOptions: esquery.ESQueryOptions = {
  visitorKeys: visitorKeys as Record<string, readonly string[]> as esquery.ESQueryOptions['visitorKeys'],
  fallback: (node) => Object.keys(node).filter((key) => key !== 'parent' && key !== 'loc' && key !== 'range'),
};

/** The node types a selector can match, or undefined for "any type" (ESLint's getPossibleTypes). */
function possibleTypes(selector: esquery.Selector): readonly string[] | undefined {
  switch (selector.type) {
    case 'identifier':
      return [selector.value];
    case 'matches': {
      const all = selector.selectors.map(possibleTypes);
      if (all.some((types) => types === undefined)) return undefined;
      return [...new Set(all.flatMap((types) => types ?? []))];
    }
    case 'compound': {
      const known = selector.selectors.map(possibleTypes).filter((types): types is readonly string[] => types !== undefined);
      if (known.length === 0) return undefined;
      return known.reduce((a, b) => a.filter((type) => b.includes(type)));
    }
    case 'child':
    case 'descendant':
    case 'sibling':
    case 'adjacent':
      return possibleTypes(selector.right);
    default:
      return undefined;
  }
}

export function compileListeners(listeners: readonly Readonly<Record<string, unknown>>[]): CompiledListeners {
  const plain = [new Map<string, Handler[]>(), new Map<string, Handler[]>()];
  const complexByType = [new Map<string, SelectorHandler[]>(), new Map<string, SelectorHandler[]>()];
  const complexAny: SelectorHandler[][] = [[], []];
  let order = 0;
  for (const listener of listeners) {
    for (const [key, value] of Object.entries(listener)) {
      if (typeof value !== 'function') continue;
      const handler = value as Handler;
      const exit = key.endsWith(':exit') ? 1 : 0;
      const raw = exit === 1 ? key.slice(0, -':exit'.length) : key;
      // Code path analysis events (onCodePathStart, ...) are not emitted by this engine.
      if (raw.startsWith('onCodePath') || raw.startsWith('onUnreachableCodePath')) continue;
      for (const part of splitTopLevel(raw)) {
        if (plainType.test(part)) {
          const map = plain[exit] as Map<string, Handler[]>;
          map.set(part, [...(map.get(part) ?? []), handler]);
          continue;
        }
        const selector = esquery.parse(part);
        const entry = { selector, handler, order: (order += 1) };
        const types = possibleTypes(selector);
        if (types === undefined) (complexAny[exit] as SelectorHandler[]).push(entry);
        else for (const type of types) {
          const map = complexByType[exit] as Map<string, SelectorHandler[]>;
          map.set(type, [...(map.get(type) ?? []), entry]);
        }
      }
    }
  }
  const none: readonly Handler[] = [];
  return {
    handlersFor(node, exit) {
      const index = exit ? 1 : 0;
      const direct = (plain[index] as Map<string, Handler[]>).get(node.type) ?? none;
      const typed = (complexByType[index] as Map<string, SelectorHandler[]>).get(node.type);
      const any = complexAny[index] as SelectorHandler[];
      if (typed === undefined && any.length === 0) return direct;
      const ancestry: AstNode[] = [];
      for (let current = node.parent; current; current = current.parent) ancestry.push(current);
      const matched = [...(typed ?? []), ...any]
        .sort((a, b) => a.order - b.order)
        // esquery's types are its own ESTree; ours is the same shape with TS nodes.
        .filter((entry) => esquery.matches(node as never, entry.selector, ancestry as never, matchOptions))
        .map((entry) => entry.handler);
      return matched.length === 0 ? direct : [...direct, ...matched];
    },
  };
}

/** "A, B" is two selectors; a comma inside brackets or parentheses is not a separator. */
function splitTopLevel(selector: string): string[] {
  if (!selector.includes(',')) return [selector.trim()];
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < selector.length; index += 1) {
    const char = selector[index];
    if (quote !== undefined) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') depth += 1;
    else if (char === ']' || char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(selector.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(selector.slice(start).trim());
  return parts;
}
