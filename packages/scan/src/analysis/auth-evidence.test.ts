import type { Rule } from 'eslint';
import type { CallExpression, Function as FunctionNode } from 'estree';
import { describe, expect, it } from 'vitest';
import { probe } from '../test-support/rule-probe.js';
import { authKindOf, usesCurrentUser } from './auth-evidence.js';

const kinds = (code: string): (string | undefined)[] =>
  probe(code, 'CallExpression[callee.name="route"]', (node, context: Rule.RuleContext) => authKindOf((node as CallExpression).arguments[0] as never, context));

const uses = (code: string): boolean[] => probe(code, 'ArrowFunctionExpression, FunctionExpression', (node) => usesCurrentUser(node as FunctionNode));

describe('authKindOf', () => {
  it('recognises authentication middleware by name', () => {
    expect(kinds(`route(requireAuth); route(isAuthenticated); route(ensureLoggedIn()); route(passport.authenticate('jwt')); route(verifyToken); route(jwt({ secret })); route(checkJwt); route(protect);`)).toEqual(
      ['authn', 'authn', 'authn', 'authn', 'authn', 'authn', 'authn', 'authn'],
    );
  });

  it('tells authorisation (role, permission, owner) from authentication', () => {
    expect(kinds(`route(requireRole('admin')); route(isAdmin); route(checkPermission('orders:read')); route(authorizeOwner); route(can('update', 'Order'));`)).toEqual(['authz', 'authz', 'authz', 'authz', 'authz']);
  });

  it('does not take parsers, loggers or routers for auth', () => {
    expect(kinds(`route(express.json()); route(morgan('dev')); route(usersRouter); route(cors()); route(session({ secret }));`)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads inline middleware that answers 401', () => {
    expect(kinds(`route((req, res, next) => (req.user ? next() : res.sendStatus(401))); route((req, res, next) => { req.start = Date.now(); next(); });`)).toEqual(['authn', undefined]);
  });
});

describe('usesCurrentUser', () => {
  it('sees the current user in every usual spelling', () => {
    expect(
      uses(`
        (req, res) => Order.findOne({ id: req.params.id, userId: req.user.id });
        (req, res) => req.session.userId;
        (ctx) => ctx.state.user.id;
        (c) => c.get('jwtPayload').sub;
        (req, res) => security.authenticatedUsers.from(req);
        (request) => principalOf(request).subject;
      `),
    ).toEqual([true, true, true, true, true, true]);
  });

  it('ignores ids from the request and commented-out fixes', () => {
    expect(
      uses(`
        (req, res) => {
          // const userId = req.session.userId;
          const userId = req.params.userId;
          return Allocations.find({ userId });
        };
        (req, res) => User.findById(req.body.user);
      `),
    ).toEqual([false, false]);
  });
});
