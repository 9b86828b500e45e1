// Builds the app into dist/: assets/main-HASH.js and assets/app-HASH.css (content-hashed names,
// so the platform may cache them for a year), manifest.json naming them, and index.html that
// loads them with no inline script or style (the page CSP allows neither).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Escapes text for an HTML attribute value (the names are hashes, but never trust a build step). */
const attribute = (value) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

export function indexHtml(manifest) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rampart courses</title>
<link rel="stylesheet" href="/assets/${attribute(manifest.stylesheet)}">
<script type="module" src="/assets/${attribute(manifest.script)}"></script>
</head>
<body>
<div id="app"></div>
</body>
</html>
`;
}

export async function buildWeb(outDir = join(here, 'dist')) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(here, 'src/ui/main.ts'), join(here, 'src/ui/app.css')],
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.endsWith('.js'));
  const stylesheet = outputs.find((name) => name.endsWith('.css'));
  if (!script || !stylesheet) throw new Error('web build: missing script or stylesheet output');
  const manifest = { script, stylesheet };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, 'index.html'), indexHtml(manifest));
  const sizes = {};
  for (const name of [script, stylesheet]) {
    const bytes = await readFile(join(outDir, 'assets', name));
    sizes[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  return { manifest, sizes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { sizes } = await buildWeb();
  if (process.argv.includes('--sizes')) console.log(JSON.stringify(sizes, null, 2));
}
