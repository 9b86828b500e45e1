// Minified, bundled or vendored files (a copy of jQuery under public/assets, a webpack bundle):
// their `eval`/`new Function` calls are the library's business, not the application's. Rules
// skip their non-request findings there (request data never reaches them in the same file).
import type { Rule } from 'eslint';

const VENDORED_PATH = /(?:\.min\.[cm]?js|[-.]bundle\.[cm]?js|[-.]min\.[cm]?js)$|(?:^|[\\/])(?:vendor|vendors|bower_components|third[-_]party)[\\/]/i;
const LONG_LINE = 1000;

const cache = new WeakMap<object, boolean>();

export function isGeneratedOrVendored(context: Rule.RuleContext): boolean {
  const key = context.sourceCode;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const text = context.sourceCode.text;
  // a minifier's output: some very long line among the first few thousand characters
  const head = text.slice(0, 20_000);
  const result = VENDORED_PATH.test(context.filename) || head.split('\n').some((line) => line.length > LONG_LINE);
  cache.set(key, result);
  return result;
}
