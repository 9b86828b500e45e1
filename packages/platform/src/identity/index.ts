// createIdentity(ctx): everything the platform needs from identity, wired once per process.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { BearerVerifier } from '@rampart/guard';
import type { IdentityTables, UserRole } from '../db/schema/identity.js';
import { Accounts } from './accounts/accounts.js';
import { AdminOperations } from './admin.js';
import { identitySettingsFromEnv, type IdentitySettings } from './config.js';
import { SecurityEvents } from './events.js';
import { SigningKeys } from './keys/signing-keys.js';
import { MfaService } from './mfa/mfa-service.js';
import { EmailVerification } from './verify/email-verification.js';
import { SecretBox } from './mfa/secret-box.js';
import { Totp } from './mfa/totp.js';
import { PasswordHasher, DEFAULT_ARGON2_POLICY, type Argon2Policy } from './passwords/hashing.js';
import { PasswordReset } from './reset/password-reset.js';
import { RefreshSessions, type RefreshGrant } from './sessions/refresh-sessions.js';
import { DatabaseLockoutStore, DatabaseRevocationStore, DatabaseTotpReplayStore } from './state/database.js';
import type { LockoutStore, RevocationStore, TotpReplayStore } from './state/types.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { IdentityBearerVerifier } from './tokens/bearer-verifier.js';
import { ExternalIdpVerifier } from './tokens/external-idp.js';
import { startControlServer, type ControlServer } from './control/server.js';

export { IdentityErrors } from './errors.js';
export type { IdentitySettings } from './config.js';

/** What identity needs of the PlatformContext (structural, so that PlatformContext fits). */
export interface IdentityContext {
  readonly config: { readonly mode: 'development' | 'production' };
  // Any database whose tables include identity's (Kysely's generics are invariant).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  readonly db: Kysely<any>;
  readonly logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  now(): number;
  readonly dataDir: string;
}

export interface IdentityOptions {
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly settings?: IdentitySettings;
  readonly argon2?: Argon2Policy;
  /** Shared stores (Redis) can replace the database-backed ones. */
  readonly revocations?: RevocationStore;
  readonly lockout?: LockoutStore;
  readonly totpReplay?: TotpReplayStore;
  /** Serve the CLI control socket in <dataDir> (default true; `rampart serve` needs it). */
  readonly controlSocket?: boolean;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly refreshToken: string;
}

export interface Identity {
  readonly settings: IdentitySettings;
  /** Guard's BearerVerifier (the request argument is optional here). */
  readonly verifier: BearerVerifier & IdentityBearerVerifier;
  readonly accounts: Accounts;
  readonly sessions: RefreshSessions;
  readonly passwordReset: PasswordReset;
  readonly mfa: MfaService;
  readonly emailVerification: EmailVerification;
  readonly keys: SigningKeys;
  readonly tokens: AccessTokens;
  readonly revocations: RevocationStore;
  readonly admin: AdminOperations;
  /** Starts a session (refresh family) for a user and returns the token pair. */
  /** Pass the login's `credentialVersion`: the session then begins only while that credential
   * is current (StaleCredentialError otherwise). */
  startSession(user: { readonly id: string; readonly role: UserRole; readonly credentialVersion?: string }): Promise<TokenPair>;
  /** Rotates a refresh token into a new pair (throws RefreshRotationError). */
  refresh(refreshToken: unknown): Promise<TokenPair>;
  /** For tests: a fresh session for an existing user id. */
  issueTokensFor(userId: string): Promise<TokenPair>;
  close(): Promise<void>;
}

export async function createIdentity(ctx: IdentityContext, options: IdentityOptions = {}): Promise<Identity> {
  const db = ctx.db as Kysely<IdentityTables>;
  const now = () => ctx.now();
  const settings = options.settings ?? identitySettingsFromEnv(options.env ?? process.env, ctx.config.mode);
  const keysDirectory = join(ctx.dataDir, 'keys');
  const keys = await SigningKeys.open({
    directory: keysDirectory,
    now,
    retiredKeyGraceMs: (settings.accessTokenTtlSeconds + settings.clockToleranceSeconds) * 1000,
  });
  const box = await SecretBox.open(join(keysDirectory, 'totp-secrets.key'));
  const revocations = options.revocations ?? new DatabaseRevocationStore(db, now);
  const lockout = options.lockout ?? new DatabaseLockoutStore(db);
  const totpReplay = options.totpReplay ?? new DatabaseTotpReplayStore(db);
  const events = new SecurityEvents(db, now);
  const hasher = new PasswordHasher(options.argon2 ?? DEFAULT_ARGON2_POLICY);
  const mfa = new MfaService(db, box, new Totp(totpReplay, now), events, now);
  const developmentLog =
    ctx.config.mode === 'development'
      ? (message: string, fields: Record<string, string>) => ctx.logger.info({ passwordReset: fields }, message)
      : undefined;
  // A key of its own (not the TOTP one): the mailer that opens reset tokens needs no MFA secrets.
  const outboxBox = await SecretBox.open(join(keysDirectory, 'outbox.key'));
  const emailVerification = new EmailVerification(db, outboxBox, events, now, developmentLog);
  const accounts = new Accounts(db, hasher, lockout, mfa, events, now, { emails: emailVerification, required: settings.requireVerifiedEmail });
  const sessions = new RefreshSessions(db, revocations, events, now);
  const tokens = new AccessTokens(
    keys,
    {
      issuer: settings.issuer,
      audience: settings.audience,
      ttlSeconds: settings.accessTokenTtlSeconds,
      clockToleranceSeconds: settings.clockToleranceSeconds,
    },
    now,
  );
  const external = settings.external ? new ExternalIdpVerifier(settings.external) : undefined;
  const verifier = new IdentityBearerVerifier(tokens, revocations, external);
  const passwordReset = new PasswordReset(db, accounts, sessions, lockout, events, now, outboxBox, developmentLog ? { developmentLog } : {});
  const admin = new AdminOperations(accounts, sessions, mfa, emailVerification);

  const pair = async (grant: RefreshGrant, role: UserRole): Promise<TokenPair> => {
    const notBefore = await revocations.notBefore(grant.userId);
    const access = await tokens.issue(grant.userId, role, notBefore, grant.sessionId);
    return { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn, refreshToken: grant.token };
  };

  const identity: Identity = {
    settings,
    verifier,
    accounts,
    sessions,
    passwordReset,
    emailVerification,
    mfa,
    keys,
    tokens,
    revocations,
    admin,
    async startSession(user) {
      return pair(await sessions.start(user.id, user.credentialVersion), user.role);
    },
    async refresh(refreshToken) {
      const grant = await sessions.rotate(refreshToken);
      const user = await accounts.findById(grant.userId);
      // The role is read again: a change of role takes effect at the next refresh.
      return pair(grant, user?.role ?? 'free-user');
    },
    async issueTokensFor(userId) {
      const user = await accounts.findById(userId);
      if (!user) throw new Error(`no user ${userId}`);
      return pair(await sessions.start(user.id), user.role);
    },
    async close() {
      await control?.close();
      await external?.close();
    },
  };

  const control: ControlServer | undefined =
    options.controlSocket === false ? undefined : await startControlServer(ctx.dataDir, identity, ctx.logger);
  return identity;
}
