import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { authKindOf, strongest } from './auth-evidence.js';
import { routesOf } from './routes.js';

/** method path registered auth, for every route of the file. */
function summary(code: string, filename = 'app.ts'): string[] {
  const lines = (_node: unknown, context: Rule.RuleContext): string[] =>
    routesOf(context).map((route) => `${route.framework} ${route.method ?? '-'} ${route.path ?? '-'} ${route.registered ? 'registered' : 'detached'} ${strongest(route.chain.map((n) => authKindOf(n, context))) ?? 'none'}`);
  return probe(code, 'Program', lines, filename).flat();
}

describe('routesOf', () => {
  it('reads Express routes, their middleware and the use() calls that apply to them', () => {
    expect(
      summary(`
        const router = express.Router();
        router.use('/admin', requireAdmin);
        router.get('/orders/:id', (req, res) => res.json({}));
        router.delete('/admin/users/:id', async (req, res) => res.end());
        app.put('/profile', authenticate, function update(req, res) { res.end(); });
        router.route('/items/:id').get((req, res) => res.end()).patch(isLoggedIn, (req, res) => res.end());
      `),
    ).toEqual([
      'express GET /orders/:id registered none',
      'express DELETE /admin/users/:id registered authz',
      'express PUT /profile registered authn',
      'express PATCH /items/:id registered authn',
      'express GET /items/:id registered none',
    ]);
  });

  it('counts use() on another object (a router mounted behind auth) for every route', () => {
    expect(summary(`router.get('/a/:id', (req, res) => res.end()); app.use('/api', passport.authenticate('jwt', { session: false }), router);`)).toEqual(['express GET /a/:id registered authn']);
  });

  it('resolves handlers declared as local functions, and ignores calls that are not routes', () => {
    expect(summary(`function show(req, res) { res.end(); } app.get('/x/:id', show); cache.get('key', fallback); axios.get('/api/users', { params });`)).toEqual(['express GET /x/:id registered none']);
  });

  it('reads Fastify options, route() objects and pre-handler hooks', () => {
    expect(
      summary(`
        export default async function plugin(fastify) {
          fastify.get('/a/:id', { schema: {} }, async (request, reply) => ({}));
          fastify.get('/b/:id', { preHandler: [fastify.authenticate] }, async (request, reply) => ({}));
          fastify.route({ method: 'DELETE', url: '/c/:id', config: { access: { scopes: ['c:delete'] } }, handler: async (request, reply) => ({}) });
        }
      `),
    ).toEqual(['fastify GET /a/:id registered none', 'fastify GET /b/:id registered authn', 'fastify DELETE /c/:id registered authz']);
    expect(summary(`fastify.addHook('onRequest', verifyJwt); fastify.get('/d/:id', async (request, reply) => ({}));`)).toEqual(['fastify GET /d/:id registered authn']);
  });

  it('reads NestJS controllers with class and method decorators', () => {
    expect(
      summary(`
        @Controller('orders')
        @UseGuards(JwtAuthGuard)
        export class OrdersController {
          @Get(':id') findOne(@Param('id') id: string) { return id; }
          @Delete(':id') @Roles('admin') remove(@Param('id') id: string) { return id; }
          helper() { return 1; }
        }
      `),
    ).toEqual(['nest GET /orders/:id registered authn', 'nest DELETE /orders/:id registered authz']);
  });

  it('keeps handlers registered elsewhere as detached routes, by their (req, res) shape', () => {
    expect(summary(`module.exports.show = function (req, res) { res.end(); }; exports.helper = (a, b) => a + b; const mw = (ctx, next) => next();`)).toEqual(['express - - detached none']);
    expect(summary(`module.exports = function retrieve() { return ({ params }, res, next) => res.json(params); };`)).toEqual(['express - - detached none']);
  });
});

describe('routesOf: handlers stored on objects', () => {
  it('resolves controller.method to the function this file stores under that name', () => {
    expect(
      summary(`
        const controller = { show: (req, res) => res.json({}), list: (req, res) => res.json([]) };
        router.get('/notes/:id', requireAuth, controller.show);
        router.get('/notes', controller.missing);
      `),
    ).toEqual(['express GET /notes/:id registered authn', 'express - - detached none']);
  });
});

describe('routesOf: wrapped handlers', () => {
  it('sees through asyncHandler(fn)-style wrappers, keeping the route middleware', () => {
    expect(summary(`router.get('/:id', protect, asyncHandler(async (req, res) => res.json(await Order.findById(req.params.id))));`)).toEqual(['express GET /:id registered authn']);
  });
});
