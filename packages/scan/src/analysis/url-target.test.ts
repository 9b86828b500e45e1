import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { CODE_CHOSEN, urlTaintOf } from './url-target.js';

/** The prefix before the client's part of each sink(...) URL ('·' for a code-chosen value), or '(none)'. */
const prefixes = (body: string): string[] =>
  probe(`const BASE = 'https://api.example.com';\napp.get('/x/:id', async (req, res) => {\n${body}\n});`, 'CallExpression[callee.name="sink"]', (node, context) => {
    const found = urlTaintOf((node as CallExpression).arguments[0] as never, context);
    return found === undefined ? '(none)' : found.prefix.split(CODE_CHOSEN).join('·');
  });

describe('urlTaintOf', () => {
  it('reads the text before the first tainted part', () => {
    expect(
      prefixes(`
        const target = req.query.url;
        const built = 'https://' + req.query.host + '/x';
        sink(target); sink(built); sink(\`\${BASE}/items/\${req.params.id}\`); sink(\`\${process.env.API}/v1/\${req.params.id}\`); sink('https://fixed.example.com/'); sink(process.env.API + req.query.path);
      `),
    ).toEqual(['', 'https://', 'https://api.example.com/items/', '·/v1/', '(none)', '·']);
  });

  it('treats new URL(path, base) as staying on the base, and an absolute input as the whole URL', () => {
    expect(prefixes(`sink(new URL(\`/items/\${req.params.id}\`, BASE)); sink(new URL(req.query.next, BASE)); const u = new URL(req.query.u); sink(u);`)).toEqual(['·/items/', '', '']);
  });
});
