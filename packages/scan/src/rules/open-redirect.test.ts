import { describe, expect, it } from 'vitest';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { openRedirect } from './open-redirect.js';

const confidences = (body: string): string[] =>
  lintWithEslint(`app.get('/r', (req, res) => {\n${body}\n});`, 'app.js', [openRedirect]).map((f) => `${f.line}:${f.confidence}`);

describe('open-redirect confidence', () => {
  it('is high for a whole URL, medium after a lone slash, low for the Referer and a leading-slash check only', () => {
    expect(confidences(`res.redirect(req.query.next);`)).toEqual(['2:high']);
    expect(confidences(`res.redirect('/' + req.query.page);`)).toEqual(['2:medium']);
    expect(confidences(`res.redirect(req.get('referer') || '/');`)).toEqual(['2:low']);
    expect(confidences(`const t = String(req.query.t);\nif (!t.startsWith('/')) return res.redirect('/');\nres.redirect(t);`)).toEqual(['4:low']);
  });

  it('does not report the Host of the request, fixed origins or fixed paths', () => {
    expect(confidences(`res.redirect('https://' + req.headers.host + req.url);`)).toEqual([]);
    expect(confidences(`res.redirect(\`https://app.example.com/welcome?ref=\${req.query.ref}\`);`)).toEqual([]);
    expect(confidences(`res.location('/orders/' + req.params.id); res.sendStatus(303);`)).toEqual([]);
  });
});

describe('open-redirect in framework loaders', () => {
  it('reads redirect(status, url) of @sveltejs/kit (SvelteKit `load` arguments are not request sources yet)', () => {
    const svelte = lintWithEslint(`import { redirect } from '@sveltejs/kit';\nexport function load({ url }) {\n  throw redirect(303, url.searchParams.get('next'));\n}\nexport async function GET(request) {\n  throw redirect(303, new URL(request.url).searchParams.get('next'));\n}`, 'page.server.ts', [openRedirect]);
    expect(svelte.map((f) => f.line)).toEqual([6]);
  });
});
