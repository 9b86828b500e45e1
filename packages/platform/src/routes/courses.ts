// Courses: list and read (`courses:read`), create (`courses:write`), retire (`courses:delete`
// and role admin; a soft delete: the row stays, with `retired_at` set), enroll
// (`courses:enroll`; a second enrollment answers 200 with the first one).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { createCourse, listCourses, readCourse, retireLiveCourse, type CourseInput, type Page } from '../resources/courses.js';
import { enrollInCourse } from '../resources/enrollments.js';
import { bodyOf, idOf, queryOf } from '../resources/request-parts.js';
import { principalOf } from '../resources/principal.js';
import { course, courseInput, enrollment, idParams, pageQuery } from '../resources/schemas.js';

export default async function courseRoutes(app: FastifyInstance, opts: { ctx: PlatformContext }): Promise<void> {
  const { db } = opts.ctx;

  app.get(
    '/api/courses',
    {
      config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' },
      schema: {
        querystring: pageQuery,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['courses', 'limit', 'offset'],
            properties: { courses: { type: 'array', items: course }, limit: { type: 'integer' }, offset: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const { limit, offset } = queryOf<Page>(request);
      return { courses: await listCourses(db, { limit, offset }), limit, offset };
    },
  );

  app.get(
    '/api/courses/:id',
    {
      config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 200: course } },
    },
    async (request) => readCourse(db, idOf(request)),
  );

  app.post(
    '/api/courses',
    {
      config: { access: { scopes: ['courses:write'] }, rateLimit: 'authenticated' },
      schema: { body: courseInput, response: { 201: course } },
    },
    async (request, reply) => {
      const created = await createCourse(db, bodyOf<CourseInput>(request), principalOf(request).subject);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/courses/:id',
    {
      config: { access: { scopes: ['courses:delete'], roles: ['admin'] }, rateLimit: 'authenticated' },
      schema: { params: idParams, response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      await retireLiveCourse(db, idOf(request), new Date(opts.ctx.now()));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/courses/:id/enroll',
    {
      // No body: a request that sends one is refused by guard with 400.
      config: { access: { scopes: ['courses:enroll'] }, rateLimit: 'authenticated', acceptsBody: false },
      schema: { params: idParams, response: { 200: enrollment, 201: enrollment } },
    },
    async (request, reply) => {
      const result = await enrollInCourse(db, principalOf(request).subject, idOf(request));
      return reply.code(result.created ? 201 : 200).send(result.enrollment);
    },
  );
}
