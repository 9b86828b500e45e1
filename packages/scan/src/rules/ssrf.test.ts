import { describe, expect, it } from 'vitest';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { ssrf } from './ssrf.js';

const confidences = (body: string): string[] =>
  lintWithEslint(`import axios from 'axios';\nconst API = process.env.API_URL;\napp.get('/p', async (req, res) => {\n${body}\n});`, 'app.ts', [ssrf]).map((f) => `${f.line}:${f.confidence}`);

describe('ssrf confidence', () => {
  it('is high when the client picks the URL or the host, low after a code-chosen base without a slash', () => {
    expect(confidences(`await fetch(req.query.url);`)).toEqual(['4:high']);
    expect(confidences(`await axios.create({ baseURL: req.body.server }).get('/status');`)).toEqual(['4:high']);
    expect(confidences(`await axios.get(API + req.query.path);`)).toEqual(['4:low']);
  });

  it('does not report a path after a fixed origin or a code-chosen base with a slash', () => {
    expect(confidences(`await axios.get(\`\${API}/users/\${encodeURIComponent(req.params.id)}\`);`)).toEqual([]);
    expect(confidences(`await fetch('https://api.example.com/search?q=' + req.query.q);`)).toEqual([]);
    expect(confidences(`await fetch('/internal/' + req.query.name);`)).toEqual([]);
    expect(confidences(`await axios.get(req.query.url, { httpAgent: ssrfFilter(req.query.url), httpsAgent: ssrfFilter(req.query.url) });`)).toEqual([]);
    expect(confidences(`if (await isPrivateAddress(req.query.url)) return res.sendStatus(400);\nawait fetch(req.query.url);`)).toEqual([]);
  });
});
