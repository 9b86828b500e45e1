// createIdentity(ctx): everything the platform needs from identity, wired once per process.
// Routes and the CLI see the narrow Identity below; the parts stay inside.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { BearerVerifier, Principal } from '@rampart/guard';
import type { IdentityTables } from '../db/schema/identity.js';
import type { IsolationSwitch } from '../isolation/state.js';
import { httpBearerVerifier } from '../errors/http-edge.js';
import { Accounts } from './accounts/accounts.js';
import { AdminOperations } from './admin.js';
import { RetiredKeys } from './keys/retired-keys.js';
import { retireSigningKey } from './keys/retire.js';
import { OperatorDirectory } from './accounts/operator-directory.js';
import { identitySettingsFromEnv, type IdentitySettings } from './config.js';
import { SecurityEvents } from '../security-events/index.js';
import { SigningKeys } from './keys/signing-keys.js';
import { MfaService } from './mfa/mfa-service.js';
import { EmailVerification } from './verify/email-verification.js';
import { SecretBox } from './mfa/secret-box.js';
import { resealEventDetail, rotateSealingKeys, type ResealReport } from './mfa/reseal-secrets.js';
import { Totp } from './mfa/totp.js';
import { PasswordHasher, DEFAULT_ARGON2_POLICY, type Argon2Policy } from './passwords/hashing.js';
import { PasswordReset } from './reset/password-reset.js';
import { RefreshSessions } from './sessions/refresh-sessions.js';
import { registerInternals } from './internals.js';
import { IdentityOperations } from './operations.js';
import { countVerifications, registerIdentityMetrics } from './metrics.js';
import { HashingSlots } from './passwords/hashing-slots.js';
import { DatabaseLockoutStore, DatabaseRevocationStore, DatabaseTotpReplayStore } from './state/database.js';
import type { LockoutStore, RevocationStore, TotpReplayStore } from './state/types.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { IdentityBearerVerifier } from './tokens/bearer-verifier.js';
import { ExternalIdpVerifier } from './tokens/external-idp.js';
import { startControlServer, type ControlServer } from './control/server.js';
import { pollingOf } from '../db/polled-read.js';

export type { IdentitySettings } from './config.js';
export type { TokenPair, Caller, Registration } from './operations.js';

/** What identity needs of the PlatformContext (structural, so that PlatformContext fits). */
export interface IdentityContext {
  readonly config: { readonly mode: 'development' | 'production' };
  // Any database whose tables include identity's (Kysely's generics are invariant).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  readonly db: Kysely<any>;
  readonly logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  now(): number;
  readonly dataDir: string;
  /** `pglite`: no other process can change the database, so shared values are not polled. */
  readonly databaseKind?: 'pglite' | 'postgres';
  /** The platform's isolation mode, for the control socket's `rampart isolate` (assembly). */
  readonly isolation?: IsolationSwitch;
  /** The platform's metrics registry: identity's metrics go in it (identity/metrics.ts). */
  readonly metrics?: Registry;
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
  /** The process's security event emitter (the assembly's); one of identity's own otherwise. */
  readonly events?: SecurityEvents;
}

type Operation = 'register' | 'login' | 'refresh' | 'logout' | 'changePassword' | 'requestPasswordReset' | 'confirmPasswordReset' | 'confirmEmail' | 'enrolMfa' | 'activateMfa' | 'jwks';

/** Identity as the routes and the CLI use it: the operations (operations.ts, refusals are
 * IdentityErrors; each takes the RequestOrigin of the request it serves), guard's verifier, the operator actions, the settings. The parts inside
 * (accounts, sessions, keys, ...) stay private: tests reach them through internals.ts. */
export interface Identity extends Pick<IdentityOperations, Operation> {
  readonly settings: IdentitySettings;
  /** Guard's BearerVerifier: refusals are 401 invalid_token, a storage outage a 503. */
  readonly verifier: BearerVerifier & { verify(token: string): Promise<Principal> };
  /** `rampart users ...` (the CLI and the control socket). */
  readonly admin: AdminOperations;
  close(): Promise<void>;
}

export async function createIdentity(ctx: IdentityContext, options: IdentityOptions = {}): Promise<Identity> {
  const db = ctx.db as Kysely<IdentityTables>;
  const now = () => ctx.now();
  const settings = options.settings ?? identitySettingsFromEnv(options.env ?? process.env, ctx.config.mode);
  const keysDirectory = join(ctx.dataDir, 'keys');
  // A retirement seen here re-reads the key directory (the replacement key may be new to this host).
  const retiredKeys = await RetiredKeys.start({ db: ctx.db, logger: ctx.logger, onChange: () => void keys.reload().catch(() => undefined), ...pollingOf(ctx) });
  const keys = await SigningKeys.open({
    directory: keysDirectory,
    now,
    retiredKeyGraceMs: (settings.accessTokenTtlSeconds + settings.clockToleranceSeconds) * 1000,
    retired: retiredKeys,
  });
  const box = await SecretBox.open(join(keysDirectory, 'totp-secrets.key'));
  const revocations = options.revocations ?? new DatabaseRevocationStore(db, now);
  const lockout = options.lockout ?? new DatabaseLockoutStore(db);
  const totpReplay = options.totpReplay ?? new DatabaseTotpReplayStore(db);
  const events = options.events ?? new SecurityEvents({ db, now, logger: ctx.logger });
  const slots = new HashingSlots();
  const hasher = new PasswordHasher(options.argon2 ?? DEFAULT_ARGON2_POLICY, slots);
  if (ctx.metrics) registerIdentityMetrics(ctx.metrics, { slots, keys, now });
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
  const admin = new AdminOperations(accounts, sessions, mfa, emailVerification, new OperatorDirectory(ctx.db, events));
  const operations = new IdentityOperations({ issuer: settings.issuer, accounts, sessions, passwordReset, emailVerification, mfa, keys, tokens, revocations });

  const identity: Identity = {
    settings,
    // The one place identity meets guard: its domain errors become guard's through the edge table.
    verifier: httpBearerVerifier(ctx.metrics ? countVerifications(ctx.metrics, verifier) : verifier),
    admin,
    register: (origin, input) => operations.register(origin, input),
    login: (origin, email, password, totp) => operations.login(origin, email, password, totp),
    refresh: (origin, refreshToken) => operations.refresh(origin, refreshToken),
    logout: (origin, caller, refreshToken) => operations.logout(origin, caller, refreshToken),
    changePassword: (origin, caller, current, next) => operations.changePassword(origin, caller, current, next),
    requestPasswordReset: (origin, email) => operations.requestPasswordReset(origin, email),
    confirmPasswordReset: (origin, token, password) => operations.confirmPasswordReset(origin, token, password),
    confirmEmail: (origin, token) => operations.confirmEmail(origin, token),
    enrolMfa: (origin, caller, password) => operations.enrolMfa(origin, caller, password),
    activateMfa: (origin, caller, password, totp) => operations.activateMfa(origin, caller, password, totp),
    jwks: () => operations.jwks(),
    async close() {
      retiredKeys.close();
      await control?.close();
      await external?.close();
    },
  };
  registerInternals(identity, { settings, verifier, accounts, sessions, passwordReset, emailVerification, mfa, keys, tokens, revocations, admin, operations });

  const retireKey = async (kid: string): Promise<boolean> => {
    const added = await retireSigningKey(ctx.db, events, now(), kid);
    await retiredKeys.refresh();
    return added;
  };
  const rotateSecrets = async (): Promise<ResealReport> => {
    const report = await rotateSealingKeys(ctx.db, box, outboxBox);
    await events.sysAdminAction('secrets_rotate', resealEventDetail(report));
    return report;
  };
  const control: ControlServer | undefined =
    options.controlSocket === false
      ? undefined
      : await startControlServer(ctx.dataDir, { admin, keys, revocations, events, retireKey, rotateSecrets, ...(ctx.isolation ? { isolation: ctx.isolation } : {}) }, ctx.logger);
  return identity;
}
