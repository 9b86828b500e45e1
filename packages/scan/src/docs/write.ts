// `npm run docs:scan`: writes docs/scan.md at the repository root from renderDocs().
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDocs } from './render.js';

const target = fileURLToPath(new URL('../../../../docs/scan.md', import.meta.url));
writeFileSync(target, renderDocs());
process.stdout.write(`wrote ${target}\n`);
