import { describe, expect, it } from 'vitest';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { pathTraversal } from './path-traversal.js';

const lines = (body: string): string[] =>
  lintWithEslint(`const fs = require('fs');\nconst path = require('path');\napp.get('/f/:name', (req, res) => {\n${body}\n});`, 'app.js', [pathTraversal]).map((f) => `${f.line}:${f.confidence}`);

describe('path-traversal', () => {
  it('reports res.sendFile only for normalised or bare paths (send refuses `..` in the others)', () => {
    expect(lines(`res.sendFile(path.join(__dirname, 'files', req.params.name));`)).toEqual(['4:high']);
    expect(lines(`res.sendFile(req.query.file);`)).toEqual(['4:high']);
    expect(lines(`res.sendFile(__dirname + '/files/' + req.params.name);`)).toEqual([]);
    expect(lines(`res.sendFile(req.params.name, { root: 'files' });`)).toEqual([]);
    expect(lines(`res.download('./files/' + req.params.name);`)).toEqual(['4:high']);
  });

  it('reports fs calls through fs.promises and on the second path of copyFile', () => {
    expect(lines(`fs.promises.readFile('data/' + req.params.name);`)).toEqual(['4:high']);
    expect(lines(`fs.copyFileSync('template.txt', path.join('out', req.params.name));`)).toEqual(['4:high']);
  });

  it('accepts basename, separator refusals and containment checks', () => {
    expect(lines(`fs.readFileSync(path.join('files', path.basename(req.params.name)));`)).toEqual([]);
    expect(lines(`if (req.params.name.includes('/')) return res.sendStatus(400);\nfs.readFileSync(path.join('files', req.params.name));`)).toEqual([]);
    expect(lines(`const file = path.resolve('files', req.params.name);\nif (!file.startsWith(path.resolve('files') + path.sep)) return res.sendStatus(404);\nfs.createReadStream(file).pipe(res);`)).toEqual([]);
  });
});
