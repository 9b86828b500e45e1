// /auth/*: registration, login, refresh, logout, password reset and TOTP enrolment, per the
// Identity table of shared/API.md. Thin: each handler calls one identity operation (the rules
// live there) with the request's origin (origin.ts, for the security events) and deals in HTTP
// only (cookies, cache headers, status). Refusals are identity's
// errors, answered through errors/http-mapping.ts (one 401 invalid_credentials for every
// failure that could tell an attacker something).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GuardError } from '@rampart/guard';
import type { Principal } from '@rampart/guard';
import type { PlatformContext } from '../context.js';
import { IdentityError } from '../errors/index.js';
import { PLATFORM_HTTP_CODES } from '../errors/http-codes.js';
import { toHttpError } from '../errors/http-mapping.js';
import type { Caller, Identity, TokenPair } from '../identity/index.js';
import { displayNameSchema } from '../identity/accounts/display-name.js';
import { REFRESH_TOKEN_LIFETIME_MS } from '../identity/sessions/refresh-sessions.js';
import { principalOf } from '../resources/principal.js';
import { crossSiteProblem } from './cookie-request-check.js';
import { originOf } from './origin.js';

export const REFRESH_COOKIE = '__Host-refresh';

const email = { type: 'string', minLength: 3, maxLength: 320 } as const;
const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;
/** A TOTP code, or a one-time recovery code (`ABCD-EFGH-JKLM-NPQR`). */
const totp = { type: 'string', minLength: 1, maxLength: 32 } as const;
const opaqueToken = { type: 'string', minLength: 1, maxLength: 256 } as const;

const tokenPairSchema = {
  type: 'object',
  additionalProperties: false,
  // refreshToken only when the deployment opts into the body copy (REFRESH_TOKEN_IN_BODY).
  required: ['accessToken', 'tokenType', 'expiresIn'],
  properties: {
    accessToken: { type: 'string' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer' },
    refreshToken: { type: 'string' },
  },
} as const;
const emptyObject = { type: 'object', additionalProperties: false, properties: {} } as const;
const noContent = { type: 'null' } as const;

function refreshCookie(token: string): string {
  return `${REFRESH_COOKIE}=${token}; Path=/; Max-Age=${REFRESH_TOKEN_LIFETIME_MS / 1000}; HttpOnly; Secure; SameSite=Strict`;
}
const CLEAR_COOKIE = `${REFRESH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;

/** The refresh token from the `__Host-refresh` cookie, if any. */
export function refreshTokenFromCookie(header: string | undefined): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** The refresh token travels in the HttpOnly cookie; the body copy only when opted into. */
function sendPair(reply: FastifyReply, pair: TokenPair, refreshTokenInBody: boolean): Omit<TokenPair, 'refreshToken'> & { refreshToken?: string } {
  // Token responses are never cached (RFC 6749 §5.1).
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache').header('set-cookie', refreshCookie(pair.refreshToken));
  if (refreshTokenInBody) return pair;
  const { refreshToken: _cookieOnly, ...rest } = pair;
  return rest;
}

function callerOf(request: FastifyRequest): Caller {
  const principal: Principal = principalOf(request);
  const sessionId = principal.claims.sid;
  return { subject: principal.subject, issuer: principal.issuer, sessionId: typeof sessionId === 'string' ? sessionId : undefined };
}

/** Refuses a cookie-authenticated call that could come from another site (cookie-request-check.ts).
 * An HTTP concern (Origin and a custom header), so it is refused here, at the edge. */
function assertSameSite(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  const problem = crossSiteProblem(request.headers, allowedOrigins);
  if (!problem) return;
  request.log.info({ crossSite: problem }, 'cookie request refused');
  throw new GuardError(PLATFORM_HTTP_CODES.RAMPART_ERR_IDENTITY_CROSS_SITE_REQUEST);
}

export default async function authRoutes(app: FastifyInstance, opts: { ctx: PlatformContext; identity?: Identity }): Promise<void> {
  const { identity } = opts;
  if (!identity) return;
  const allowedOrigins = opts.ctx.config.corsOrigins;

  app.post<{ Body: { email: string; password: string; displayName: string } }>(
    '/auth/register',
    {
      config: { access: 'public', rateLimit: 'register' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'password', 'displayName'],
          properties: { email, password, displayName: displayNameSchema },
        },
        response: {
          201: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'email', 'displayName'],
            properties: { id: { type: 'string' }, email: { type: 'string' }, displayName: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const user = await identity.register(originOf(request), request.body);
      reply.code(201);
      return { id: user.id, email: user.email, displayName: user.displayName };
    },
  );

  app.post<{ Body: { email: string; password: string; totp?: string } }>(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: 'login' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['email', 'password'], properties: { email, password, totp } },
        response: { 200: tokenPairSchema },
      },
    },
    async (request, reply) => {
      const { email: address, password: secret, totp: code } = request.body;
      return sendPair(reply, await identity.login(originOf(request), address, secret, code), identity.settings.refreshTokenInBody);
    },
  );

  app.post<{ Body: { refreshToken?: string } | undefined }>(
    '/auth/refresh',
    {
      config: { access: 'public', rateLimit: 'login' },
      schema: {
        body: { type: 'object', additionalProperties: false, properties: { refreshToken: opaqueToken } },
        response: { 200: tokenPairSchema },
      },
      // A browser refresh may send the cookie and no body at all: validate that as `{}`.
      preValidation: async (request: FastifyRequest) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request, reply) => {
      // The body token is presented deliberately (an API client); the cookie arrives by itself.
      const fromBody = request.body?.refreshToken;
      const fromCookie = fromBody === undefined ? refreshTokenFromCookie(request.headers.cookie) : undefined;
      if (fromCookie !== undefined) assertSameSite(request, allowedOrigins);
      const presented = fromBody ?? fromCookie;
      try {
        return sendPair(reply, await identity.refresh(originOf(request), presented), identity.settings.refreshTokenInBody);
      } catch (error) {
        // HTTP's part of the refusal: the refused cookie is cleared.
        if (error instanceof IdentityError && error.code === 'ERR_IDENTITY_INVALID_REFRESH_TOKEN') throw toHttpError(error, { 'set-cookie': CLEAR_COOKIE });
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated', rateLimit: 'authenticated', acceptsBody: false }, schema: { response: { 204: noContent } } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const cookieToken = refreshTokenFromCookie(request.headers.cookie);
      if (cookieToken) assertSameSite(request, allowedOrigins);
      await identity.logout(originOf(request), callerOf(request), cookieToken);
      reply.code(204).header('set-cookie', CLEAR_COOKIE);
      return reply.send();
    },
  );

  app.post<{ Body: { email: string } }>(
    '/auth/password-reset/request',
    {
      config: { access: 'public', rateLimit: 'passwordReset' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['email'], properties: { email } },
        response: { 202: emptyObject },
      },
    },
    async (request, reply) => {
      // Answered before any lookup: neither the status nor the time tells whether the account
      // exists. The work goes on after the answer; its events still carry this request's origin.
      void identity.requestPasswordReset(originOf(request), request.body.email).catch((error: unknown) => {
        request.log.error({ err: error }, 'password reset request failed');
      });
      reply.code(202);
      return {};
    },
  );

  app.post<{ Body: { token: string; newPassword: string } }>(
    '/auth/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: 'passwordReset' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'newPassword'],
          properties: { token: opaqueToken, newPassword: password },
        },
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await identity.confirmPasswordReset(originOf(request), request.body.token, request.body.newPassword);
      reply.code(204);
      return reply.send();
    },
  );

  app.post<{ Body: { token: string } }>(
    '/auth/verify',
    {
      // The token is single use and 256 bits: the reset class's per-address limit is plenty.
      config: { access: 'public', rateLimit: 'passwordReset' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: opaqueToken } },
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await identity.confirmEmail(originOf(request), request.body.token);
      reply.code(204);
      return reply.send();
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/auth/password/change',
    {
      config: { access: 'authenticated', rateLimit: 'login' },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: password, newPassword: password },
        },
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      // Every session ends, this one included: the client logs in again with the new password.
      await identity.changePassword(originOf(request), callerOf(request), request.body.currentPassword, request.body.newPassword);
      reply.code(204).header('set-cookie', CLEAR_COOKIE);
      return reply.send();
    },
  );

  app.post<{ Body: { password: string } }>(
    '/auth/mfa/enroll',
    {
      config: { access: 'authenticated', rateLimit: 'authenticated' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password } },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['secret', 'otpauthUrl'],
            properties: { secret: { type: 'string' }, otpauthUrl: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const enrolment = await identity.enrolMfa(originOf(request), callerOf(request), request.body.password);
      reply.header('cache-control', 'no-store');
      return enrolment;
    },
  );

  app.post<{ Body: { password: string; totp: string } }>(
    '/auth/mfa/activate',
    {
      config: { access: 'authenticated', rateLimit: 'authenticated' },
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['password', 'totp'], properties: { password, totp } },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['recoveryCodes'],
            properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const recoveryCodes = await identity.activateMfa(originOf(request), callerOf(request), request.body.password, request.body.totp);
      reply.header('cache-control', 'no-store');
      return { recoveryCodes };
    },
  );
}
