// The single-page app (packages/web, built into packages/web/dist) on the platform's own
// origin: `GET /` is the HTML page (guard's page headers profile: CSP with Trusted Types,
// `no-store`), `GET /assets/NAME` the content-hashed script and stylesheet (cached for a
// year, `immutable`). The files are read once at start into a map; a request names a key of
// that map or gets 404, so no path a client sends ever reaches the file system.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { GuardError } from '@rampart/guard';
import type { PlatformContext } from '../context.js';

/** packages/web/dist, from src/routes (tests) and dist/routes (the built platform) alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Asset {
  readonly type: string;
  readonly body: string;
}

export interface WebBuild {
  readonly html: string;
  readonly assets: ReadonlyMap<string, Asset>;
}

/** The built app in `root`, or undefined when it was not built. Only `.js` and `.css` files of
 * `assets/` are served; anything else there (source maps, stray files) stays private. */
export function readWebBuild(root: string): WebBuild | undefined {
  const indexFile = join(root, 'index.html');
  const assetDir = join(root, 'assets');
  if (!existsSync(indexFile) || !existsSync(assetDir)) return undefined;
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(assetDir, { withFileTypes: true })) {
    const type = CONTENT_TYPES[extname(entry.name)];
    if (entry.isFile() && type) assets.set(entry.name, { type, body: readFileSync(join(assetDir, entry.name), 'utf8') });
  }
  return { html: readFileSync(indexFile, 'utf8'), assets };
}

const assetParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export default async function webAppRoutes(app: FastifyInstance, opts: { ctx: PlatformContext; webRoot?: string }): Promise<void> {
  const build = readWebBuild(opts.webRoot ?? DEFAULT_WEB_ROOT);
  if (!build) {
    opts.ctx.logger.warn('the web app is not built (npm run build); / and /assets/* answer 404');
    return;
  }
  const page = { access: 'public', rateLimit: 'public', headers: 'page' } as const;

  app.get('/', { config: page, schema: { response: { 200: { type: 'string' } } } }, async (_request, reply) =>
    // The HTML names the current asset hashes: never cached, so a deploy takes effect at once.
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(build.html),
  );

  app.get<{ Params: { name: string } }>('/assets/:name', { config: page, schema: { params: assetParams, response: { 200: { type: 'string' } } } }, async (request, reply) => {
    const asset = build.assets.get(request.params.name);
    if (!asset) throw new GuardError('RAMPART_ERR_HTTP_NOT_FOUND');
    return reply.type(asset.type).header('cache-control', ASSET_CACHE_CONTROL).send(asset.body);
  });
}
