// `eval('(' + text + ')')`: the pre-JSON.parse idiom for parsing JSON (and JSONP payloads). It is
// code execution all the same, but what it means is "deserialise this": unsafe-deserialization
// reports it, code-injection leaves it alone so that one line gets one finding.
import type { Rule } from 'eslint';
import type { Node } from 'estree';
import { PLACEHOLDER, stringShape } from './string-shape.js';

export function isEvalJsonParse(code: Node, context: Rule.RuleContext): boolean {
  const shape = stringShape(code, context);
  return shape.dynamic.length === 1 && new RegExp(`^\\s*\\(\\s*${PLACEHOLDER}\\s*\\)\\s*;?\\s*$`).test(shape.text);
}
