// /auth/*: registration, login, refresh, logout, password reset and TOTP enrolment, per the
// Identity table of shared/API.md. Failures that could tell an attacker something (unknown
// email, wrong password, wrong TOTP, locked account) all answer 401 invalid_credentials.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GuardError } from '@rampart/guard';
import type { PlatformContext } from '../context.js';
import type { Identity, TokenPair } from '../identity/index.js';
import { displayNameSchema } from '../identity/accounts/display-name.js';
import { IdentityErrors } from '../identity/errors.js';
import { REFRESH_TOKEN_LIFETIME_MS, RefreshRotationError, StaleCredentialError } from '../identity/sessions/refresh-sessions.js';
import { principalOf } from '../resources/principal.js';
import { crossSiteProblem } from './cookie-request-check.js';

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

/** The caller's own local account (MFA is ours; an external IdP's user has none here). */
async function ownAccount(identity: Identity, request: FastifyRequest) {
  const principal = principalOf(request);
  const user = principal.issuer === identity.settings.issuer ? await identity.accounts.findById(principal.subject) : undefined;
  if (!user) throw new GuardError('RAMPART_ERR_HTTP_NOT_FOUND');
  return user;
}

/** Refuses a cookie-authenticated call that could come from another site (cookie-request-check.ts). */
function assertSameSite(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  const problem = crossSiteProblem(request.headers, allowedOrigins);
  if (!problem) return;
  request.log.info({ crossSite: problem }, 'cookie request refused');
  throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_CROSS_SITE_REQUEST);
}

const invalidCredentials = () => new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_INVALID_CREDENTIALS);

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
      const user = await identity.accounts.register(request.body);
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
      const outcome = await identity.accounts.login(address, secret, code);
      if (!outcome.ok) {
        request.log.info({ loginFailure: outcome.reason }, 'login refused');
        throw invalidCredentials();
      }
      try {
        return sendPair(reply, await identity.startSession(outcome.user), identity.settings.refreshTokenInBody);
      } catch (error) {
        // A password reset finished while this login waited: the old password opens nothing.
        if (error instanceof StaleCredentialError) throw invalidCredentials();
        throw error;
      }
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
        return sendPair(reply, await identity.refresh(presented), identity.settings.refreshTokenInBody);
      } catch (error) {
        if (!(error instanceof RefreshRotationError)) throw error;
        request.log.info({ refreshFailure: error.reason }, 'refresh refused');
        throw new GuardError(IdentityErrors.RAMPART_ERR_IDENTITY_INVALID_REFRESH_TOKEN, { headers: { 'set-cookie': CLEAR_COOKIE } });
      }
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated', rateLimit: 'authenticated', acceptsBody: false }, schema: { response: { 204: noContent } } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const cookieToken = refreshTokenFromCookie(request.headers.cookie);
      if (cookieToken) assertSameSite(request, allowedOrigins);
      const principal = principalOf(request);
      const sessionId = principal.claims.sid;
      if (typeof sessionId === 'string') await identity.sessions.revokeSession(principal.subject, sessionId, 'logout');
      if (cookieToken) await identity.sessions.revokeByToken(cookieToken, 'logout');
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
      // Answered before any lookup: neither the status nor the time tells whether the account exists.
      void identity.passwordReset.request(request.body.email).catch((error: unknown) => {
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
      await identity.passwordReset.confirm(request.body.token, request.body.newPassword);
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
      await identity.emailVerification.confirm(request.body.token);
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
      const principal = principalOf(request);
      if (principal.issuer !== identity.settings.issuer) throw new GuardError('RAMPART_ERR_HTTP_NOT_FOUND');
      const changed = await identity.accounts.changePassword(principal.subject, request.body.currentPassword, request.body.newPassword);
      if (!changed) throw invalidCredentials();
      // Every session ends, this one included: the client logs in again with the new password.
      await identity.sessions.revokeAll(principal.subject, 'password_change');
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
      const user = await ownAccount(identity, request);
      // A stolen access token alone cannot bind MFA to the thief's authenticator.
      if (!(await identity.accounts.confirmPassword(user.id, request.body.password))) throw invalidCredentials();
      reply.header('cache-control', 'no-store');
      return identity.mfa.enrol(user.id, user.email);
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
      const user = await ownAccount(identity, request);
      if (!(await identity.accounts.confirmPassword(user.id, request.body.password))) throw invalidCredentials();
      const recoveryCodes = await identity.mfa.activate(user.id, request.body.totp);
      reply.header('cache-control', 'no-store');
      return { recoveryCodes };
    },
  );
}
