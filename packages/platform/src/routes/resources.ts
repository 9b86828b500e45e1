// Every resource route plugin (profiles, users, courses, enrollments, certificates, invoices,
// import, metrics) behind the one import and one register line that routes/index.ts gives each
// owner. Not encapsulated (`skip-override`), so that the metrics plugin's response hook lands on
// the instance routes/index.ts registers into, and counts more than this file's routes.
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import certificateRoutes from './certificates.js';
import courseRoutes from './courses.js';
import enrollmentRoutes from './enrollments.js';
import importRoutes from './import.js';
import invoiceRoutes from './invoices.js';
import meRoutes from './me.js';
import metricsRoutes from './metrics.js';
import userRoutes from './users.js';

async function resourceRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const pluginOptions = { ctx: opts.ctx };
  // Metrics first: its hook must exist before the other plugins' contexts are created.
  await app.register(metricsRoutes, pluginOptions);
  await app.register(meRoutes, pluginOptions);
  await app.register(userRoutes, pluginOptions);
  await app.register(courseRoutes, pluginOptions);
  await app.register(enrollmentRoutes, pluginOptions);
  await app.register(certificateRoutes, pluginOptions);
  await app.register(invoiceRoutes, pluginOptions);
  await app.register(importRoutes, pluginOptions);
}

Object.defineProperty(resourceRoutes, Symbol.for('skip-override'), { value: true });

export default resourceRoutes;
