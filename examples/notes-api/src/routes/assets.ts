// Static files (the status page's stylesheet) through @fastify/static. Its routes carry no guard
// config: policy.routeDefaults gives them theirs (policy.ts), by the /assets prefix.
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const ASSETS_PREFIX = '/assets';

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: join(import.meta.dirname, '../../public'), prefix: `${ASSETS_PREFIX}/` });
}
