import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { nestedRequestObjectOf, wholeRequestOf } from './whole-request.js';

const wholes = (body: string): (string | undefined)[] =>
  probe(
    `import _ from 'lodash';\napp.post('/x', async (req, res) => {\n${body}\n});`,
    'CallExpression[callee.name="sink"]',
    (node, context) => {
      const found = wholeRequestOf((node as CallExpression).arguments[0] as never, context);
      return found === undefined ? undefined : `${found.source}${found.exact ? '' : ' (most of it)'}`;
    },
  );

describe('wholeRequestOf', () => {
  it('sees the whole body, query and copies of them', () => {
    expect(
      wholes(`
        const data = req.body;
        const { password, ...rest } = req.body;
        sink(req.body); sink(data); sink({ ...req.query }); sink(Object.assign({}, req.body)); sink(rest); sink({ ...req.body, role: 'user' }); sink(_.omit(req.body, 'role'));
      `),
    ).toEqual(['req.body', 'req.body', 'req.query', 'req.body', 'req.body (most of it)', 'req.body (most of it)', 'req.body (most of it)']);
  });

  it('does not see fields, picks or validated copies', () => {
    expect(
      wholes(`
        const { name, email } = req.body;
        sink(req.body.name); sink({ name, email }); sink(_.pick(req.body, ['name'])); sink(schema.parse(req.body)); sink(req.headers);
      `),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('nestedRequestObjectOf', () => {
  it('sees objects nested in the body, not scalar-named fields', () => {
    const found = probe(
      `app.post('/x', (req, res) => { sink(req.body.article); sink(req.body.email); sink(req.query.filter); });`,
      'CallExpression[callee.name="sink"]',
      (node, context) => nestedRequestObjectOf((node as CallExpression).arguments[0] as never, context)?.source,
    );
    expect(found).toEqual(['req.body.article', undefined, undefined]);
  });
});
