import type { CallExpression } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { taintOf, type TaintTrace } from './taint.js';

/** The taint of the first argument of every `sink(...)` call, in source order. */
function sinks(code: string, filename = 'app.ts'): (TaintTrace | undefined)[] {
  return probe(code, 'CallExpression[callee.name="sink"]', (node, context) => taintOf((node as CallExpression).arguments[0]!, context), filename);
}

describe('request sources', () => {
  it('Express: registered handlers (any parameter name), middleware, error handlers, client-controlled parts only', () => {
    const found = sinks(`
      const app = express(); const router = express.Router();
      app.get('/a', (rq, rs) => { sink(rq.query.q); sink(rq.get('host')); sink(rq.header('x-id')); sink(rq.cookies.sid); sink(rq.originalUrl); });
      router.post('/b', auth, function (r, s) { sink(r.body); sink(r.user.id); sink(r.session.cart); sink(r.ip); sink(r.method); });
      app.use((err, rq, rs, next) => { sink(rq.url); sink(err.message); });
    `);
    expect(found.map((t) => t?.source)).toEqual([
      'rq.query.q', 'rq.get()', 'rq.header()', 'rq.cookies.sid', 'rq.originalUrl',
      'r.body', undefined, undefined, undefined, undefined,
      'rq.url', undefined,
    ]);
    expect(found[0]?.confidence).toBe('high');
  });

  it('handlers registered by reference, and a callback that is not a route', () => {
    const found = sinks(`
      function show(q, s) { sink(q.params.id); }
      const list = async (q, s) => { sink(q.query.page); };
      app.get('/x/:id', show);
      router.route('/y').get(list);
      cache.get(key, (value) => { sink(value.body); });
    `);
    expect(found.map((t) => t?.source)).toEqual(['q.params.id', 'q.query.page', undefined]);
  });

  it('conventional names without a registration: high next to res/next, medium alone, and typed parameters', () => {
    const found = sinks(`
      export function search(req, res, next) { sink(req.query.q); }
      export function helper(req) { sink(req.body.name); }
      export function typed(incoming: Request) { sink(incoming.headers); }
      export function other(data) { sink(data.query); }
    `);
    expect(found).toEqual([
      { source: 'req.query.q', confidence: 'high' },
      { source: 'req.body.name', confidence: 'medium' },
      { source: 'incoming.headers', confidence: 'high' },
      undefined,
    ]);
  });

  it('Fastify: route handlers, route({ handler }), request.raw', () => {
    const found = sinks(`
      fastify.get('/u/:id', async (request, reply) => { sink(request.params.id); sink(request.raw.url); });
      fastify.route({ method: 'POST', url: '/v', handler: async (rq, rp) => { sink(rq.body.x); } });
    `);
    expect(found.map((t) => t?.source)).toEqual(['request.params.id', 'request.raw.url', 'rq.body.x']);
  });

  it('Hono: c.req methods; valid() is validated data (low)', () => {
    const found = sinks(`
      app.get('/h/:id', async (c) => {
        sink(c.req.param('id')); sink(c.req.query('q')); sink(await c.req.json()); sink(c.req.header('x')); sink(c.req.valid('json')); sink(c.env.DB);
      });
    `);
    expect(found.map((t) => t?.source)).toEqual(['c.req.param()', 'c.req.query()', 'c.req.json()', 'c.req.header()', 'c.req.valid()', undefined]);
    expect(found[4]?.confidence).toBe('low');
  });

  it('Koa: ctx.request.body, ctx.query, ctx.params, destructured ctx.request', () => {
    const found = sinks(`
      router.post('/k', async (ctx, next) => {
        sink(ctx.request.body.name); sink(ctx.query.q); sink(ctx.params.id); sink(ctx.state.user);
        const { body } = ctx.request; sink(body.x);
      });
    `);
    expect(found.map((t) => t?.source)).toEqual(['ctx.request.body.name', 'ctx.query.q', 'ctx.params.id', undefined, 'ctx.request.body.x']);
  });

  it('NestJS: decorated parameters, parsing pipes sanitise', () => {
    const found = sinks(`
      @Controller('users')
      export class UsersController {
        @Get(':id')
        find(@Param('id') id: string, @Query() query: ListQuery, @Param('n', ParseIntPipe) n: number, @Req() req: any, @Headers('x') h: string, other: string) {
          sink(id); sink(query.sort); sink(n); sink(req.body); sink(h); sink(other);
        }
      }
    `);
    expect(found.map((t) => t?.source)).toEqual(['@Param() id', '@Query() query.sort', undefined, 'req.body', '@Headers() h', undefined]);
  });

  it('Node http: createServer, url, headers and the body chunks', () => {
    const found = sinks(`
      http.createServer((inc, out) => {
        let body = '';
        inc.on('data', (chunk) => { body += chunk; });
        inc.on('end', () => { sink(body); sink(inc.url); sink(inc.headers.cookie); });
      });
    `);
    expect(found.map((t) => t?.source)).toEqual(["inc.on('data')", 'inc.url', 'inc.headers.cookie']);
  });

  it('Next.js / Web Request: route handlers, json(), searchParams', () => {
    const found = sinks(`
      export async function GET(r: Request) {
        const { searchParams } = new URL(r.url);
        sink(searchParams.get('q'));
      }
      export async function POST(incoming) {
        const payload = await incoming.json();
        sink(payload.name);
        sink(incoming.nextUrl.searchParams.get('page'));
      }
    `);
    expect(found.map((t) => t?.source)).toEqual(['r.url.searchParams', 'incoming.json().name', 'incoming.nextUrl.searchParams']);
  });

  it('destructured request parameters in a registered handler', () => {
    const found = sinks(`app.post('/d', ({ body, query: { q } }, res) => { sink(body.name); sink(q); });`);
    expect(found.map((t) => t?.source)).toEqual(['req.body.name', 'req.query.q']);
  });

  it('WebSocket messages are sources (medium); lifecycle events are not', () => {
    const found = sinks(`
      io.on('connection', (socket) => {
        socket.on('chat message', (msg) => { sink(msg); });
        socket.on('disconnect', (reason) => { sink(reason); });
      });
      pgClient.on('notification', (note) => { sink(note.payload); });
    `);
    expect(found).toEqual([{ source: "socket.on('chat message')", confidence: 'medium' }, undefined, undefined]);
  });

  it('outbound clients are not request handlers: interceptors, puppeteer requests', () => {
    const found = sinks(`
      axios.interceptors.request.use((config) => { sink(config.url); return config; });
      page.on('request', (request) => { sink(request.url); });
      api.use(async (ctx, next) => { sink(ctx.query.q); await next(); });
    `);
    // not registered: the parameter named `request` is only a conventional-name guess (medium)
    expect(found).toEqual([undefined, { source: 'request.url', confidence: 'medium' }, { source: 'ctx.query.q', confidence: 'high' }]);
  });

  it('GraphQL resolver arguments and Nest @Args()', () => {
    const found = sinks(`
      const resolvers = {
        Query: { user: (parent, args, context) => { sink(args.id); sink(parent.id); } },
        Mutation: { rename(_parent, { name }) { sink(name); } },
      };
      class R { user(@Args('id') id: string) { sink(id); } }
    `);
    expect(found.map((t) => t?.source)).toEqual(['Query.args.id', undefined, 'Mutation.args.name', '@Args() id']);
  });

  it('AWS Lambda events behind API Gateway', () => {
    const found = sinks(`
      exports.handler = async (event, context) => { sink(event.queryStringParameters.document_url); sink(event.body); sink(context.awsRequestId); };
      button.addEventListener('click', (event) => { sink(event.target.value); });
    `, 'handler.cjs');
    expect(found).toEqual([
      { source: 'event.queryStringParameters.document_url', confidence: 'high' },
      { source: 'event.body', confidence: 'high' },
      undefined,
      undefined,
    ]);
  });
});
