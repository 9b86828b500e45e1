// Identity over a real (embedded) PostgreSQL: lockout, enumeration safety, refresh rotation and
// reuse detection, reset tokens, TOTP at login, and revocation of access tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { IdentityError } from '../errors/index.js';
import { identityFixture, TEST_ORIGIN, type IdentityFixture } from './test-support/identity-fixture.js';
import { internalsOf } from './internals.js';

/** Why a refresh was refused: the IdentityError's cause (logged, never sent). */
function refreshFailureOf(error: unknown): unknown {
  return error instanceof IdentityError && error.code === 'ERR_IDENTITY_INVALID_REFRESH_TOKEN' ? (error.cause as { refreshFailure?: unknown }).refreshFailure : error;
}

const PASSWORD = 'correct horse battery staple';
let f: IdentityFixture;

beforeAll(async () => {
  f = await identityFixture();
});
afterAll(async () => {
  await f.close();
});

let counter = 0;
async function newUser(role: 'free-user' | 'paid-individual' | 'admin' = 'free-user') {
  counter += 1;
  const email = `user${counter}@example.com`;
  const user = await internalsOf(f.identity).accounts.register({ email, password: PASSWORD, displayName: `User ${counter}` }, role);
  return { ...user, email };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('registration', () => {
  it('stores an Argon2id hash, lower-cases the email, and refuses weak passwords', async () => {
    const user = await internalsOf(f.identity).accounts.register({ email: 'Mixed.Case@Example.COM', password: PASSWORD, displayName: 'Mixed' });
    expect(user.email).toBe('mixed.case@example.com');
    const row = await f.database.db.selectFrom('credentials').select('password_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,/);
    expect(row.password_hash).not.toContain(PASSWORD);
    const weak = await errorOf(internalsOf(f.identity).accounts.register({ email: 'weak@example.com', password: 'passwordpassword', displayName: 'W' }));
    expect(weak instanceof IdentityError && weak.code).toBe('ERR_IDENTITY_WEAK_PASSWORD');
  });

  it('answers a second registration of the same address like a first one, without creating anything', async () => {
    const first = await newUser();
    const again = await internalsOf(f.identity).accounts.register({ email: first.email, password: 'another long passphrase', displayName: 'Impostor' });
    expect(Object.keys(again).sort()).toEqual(Object.keys(first).sort());
    expect(again.id).not.toBe(first.id);
    expect(await internalsOf(f.identity).accounts.findById(again.id)).toBeUndefined();
    const login = await internalsOf(f.identity).accounts.login(first.email, PASSWORD, undefined);
    expect(login.ok).toBe(true);
  });
});

describe('rehash on login', () => {
  it('upgrades a hash made with weaker parameters after a successful login', async () => {
    const user = await newUser();
    const argon2 = await import('argon2');
    const weak = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await f.database.db.updateTable('credentials').set({ password_hash: weak }).where('user_id', '=', user.id).execute();
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(true);
    const row = await f.database.db.selectFrom('credentials').select('password_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).not.toBe(weak);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,/);
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(true);
  });
});

describe('lockout', () => {
  it('locks after 10 consecutive failures for 15 minutes, refusing even the right password, and never says so', async () => {
    const user = await newUser();
    for (let i = 0; i < 9; i += 1) expect(await internalsOf(f.identity).accounts.login(user.email, 'wrong password number ' + i, undefined)).toEqual({ ok: false, reason: 'wrong_password' });
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(true); // success resets the count
    for (let i = 0; i < 10; i += 1) await internalsOf(f.identity).accounts.login(user.email, 'wrong password number ' + i, undefined);
    expect(await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).toEqual({ ok: false, reason: 'locked_out' });
    f.clock += 14 * 60_000;
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(false);
    f.clock += 61_000;
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(true);
    const events = await f.database.db.selectFrom('security_events').select('kind').where('user_id', '=', user.id).execute();
    expect(events.map((e) => e.kind)).toContain('authn_login_lock');
  });

  it('still lets a locked-out user reset the password', async () => {
    const user = await newUser();
    for (let i = 0; i < 10; i += 1) await internalsOf(f.identity).accounts.login(user.email, 'wrong password number ' + i, undefined);
    await internalsOf(f.identity).passwordReset.request(user.email);
    const token = await latestResetToken(user.email);
    await internalsOf(f.identity).passwordReset.confirm(token, 'a brand new passphrase here');
    expect((await internalsOf(f.identity).accounts.login(user.email, 'a brand new passphrase here', undefined)).ok).toBe(true);
  });
});

describe('enumeration safety', () => {
  it('takes about as long for an unknown email as for a wrong password (ratio of medians)', async () => {
    const user = await newUser();
    const unknown: number[] = [];
    const wrong: number[] = [];
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      const outcome = await internalsOf(f.identity).accounts.login(email, 'some wrong password', undefined);
      expect(outcome.ok).toBe(false);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < 12; i += 1) {
      unknown.push(await time(`nobody${i}@example.com`));
      wrong.push(await time(user.email));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ratio = median(unknown) / median(wrong);
    console.info(`login timing: unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    // Tolerant bound: Argon2 dominates both paths; the machine is shared with other test workers.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 60_000);
});

describe('refresh tokens', () => {
  it('rotates on every use, stores only hashes, and revokes the family when a spent token comes back', async () => {
    const user = await newUser();
    const first = await internalsOf(f.identity).startSession(user);
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await f.database.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash === first.refreshToken)).toBe(false);
    const second = await f.identity.refresh(TEST_ORIGIN, first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await f.identity.refresh(TEST_ORIGIN, second.refreshToken);
    // The stolen first token is replayed: refused, and the whole family dies.
    const reuse = await errorOf(f.identity.refresh(TEST_ORIGIN, first.refreshToken));
    expect(reuse).toBeInstanceOf(IdentityError);
    expect(refreshFailureOf(reuse)).toBe('reused');
    expect(refreshFailureOf(await errorOf(f.identity.refresh(TEST_ORIGIN, third.refreshToken)))).toBe('revoked');
    // ...and so do the access tokens of that session.
    await expect(f.identity.verifier.verify(third.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const user = await newUser();
    const { refreshToken } = await internalsOf(f.identity).startSession(user);
    const results = await Promise.allSettled([f.identity.refresh(TEST_ORIGIN, refreshToken), f.identity.refresh(TEST_ORIGIN, refreshToken)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('ends a family 7 days after login whatever the rotations', async () => {
    const user = await newUser();
    let pair = await internalsOf(f.identity).startSession(user);
    for (let day = 0; day < 6; day += 1) {
      f.clock += 24 * 3600_000;
      pair = await f.identity.refresh(TEST_ORIGIN, pair.refreshToken);
    }
    f.clock += 24 * 3600_000;
    expect(refreshFailureOf(await errorOf(f.identity.refresh(TEST_ORIGIN, pair.refreshToken)))).toBe('expired');
  });

  it('refuses garbage refresh tokens without a lookup', async () => {
    for (const token of ['', 'x', 'a'.repeat(43) + '=', 'A'.repeat(10_000), 42, null, { $ne: null }]) {
      expect(refreshFailureOf(await errorOf(f.identity.refresh(TEST_ORIGIN, token)))).toBe('unknown');
    }
  });
});

async function latestResetToken(email: string): Promise<string> {
  const row = await f.database.db
    .selectFrom('outbox')
    .select(['id', 'payload'])
    .where('recipient', '=', email)
    .where('kind', '=', 'password_reset')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  // Sealed at rest: the raw token is nowhere in the row.
  expect(JSON.stringify(row.payload)).not.toMatch(/"token"/);
  return internalsOf(f.identity).passwordReset.openOutboxToken(row);
}

describe('password reset', () => {
  it('queues a 256-bit token in the outbox, stores only its hash, and accepts it once', async () => {
    const user = await newUser();
    const session = await internalsOf(f.identity).startSession(user);
    await internalsOf(f.identity).passwordReset.request(user.email.toUpperCase());
    const token = await latestResetToken(user.email);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const stored = await f.database.db.selectFrom('password_reset_tokens').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(f.logs.some((l) => JSON.stringify(l.obj).includes(token))).toBe(true); // development log
    await internalsOf(f.identity).passwordReset.confirm(token, 'my fresh reset passphrase');
    const again = await errorOf(internalsOf(f.identity).passwordReset.confirm(token, 'yet another fresh passphrase'));
    expect(again instanceof IdentityError && again.code).toBe('ERR_IDENTITY_INVALID_RESET_TOKEN');
    // Every session and access token of the user is revoked.
    expect(refreshFailureOf(await errorOf(f.identity.refresh(TEST_ORIGIN, session.refreshToken)))).toBe('revoked');
    await expect(f.identity.verifier.verify(session.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).ok).toBe(false);
    const fresh = await internalsOf(f.identity).accounts.login(user.email, 'my fresh reset passphrase', undefined);
    expect(fresh.ok).toBe(true);
    // A token issued right after the reset works (same second as the revocation mark).
    const pair = await internalsOf(f.identity).startSession(user);
    await expect(f.identity.verifier.verify(pair.accessToken)).resolves.toMatchObject({ subject: user.id });
  });

  it('spends every other pending token of the user when one is confirmed', async () => {
    const user = await newUser();
    await internalsOf(f.identity).passwordReset.request(user.email);
    const older = await latestResetToken(user.email);
    f.clock += 1000;
    await internalsOf(f.identity).passwordReset.request(user.email);
    const newer = await latestResetToken(user.email);
    expect(newer).not.toBe(older);
    await internalsOf(f.identity).passwordReset.confirm(newer, 'the owner recovered this account');
    const replay = await errorOf(internalsOf(f.identity).passwordReset.confirm(older, 'an attacker with an old token'));
    expect(replay instanceof IdentityError && replay.code).toBe('ERR_IDENTITY_INVALID_RESET_TOKEN');
    expect((await internalsOf(f.identity).accounts.login(user.email, 'the owner recovered this account', undefined)).ok).toBe(true);
  });

  it('queues at most 3 reset mails per account per hour, then answers the same without queuing', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) {
      await internalsOf(f.identity).passwordReset.request(user.email);
      f.clock += 1000;
    }
    const queued = await f.database.db.selectFrom('outbox').select('id').where('recipient', '=', user.email).where('kind', '=', 'password_reset').execute();
    expect(queued).toHaveLength(3);
    f.clock += 3_600_000;
    await internalsOf(f.identity).passwordReset.request(user.email);
    const later = await f.database.db.selectFrom('outbox').select('id').where('recipient', '=', user.email).where('kind', '=', 'password_reset').execute();
    expect(later).toHaveLength(4);
  });

  it('caps duplicate-registration notices per recipient (mail bombing through registration)', async () => {
    const user = await newUser();
    for (let i = 0; i < 8; i++) await internalsOf(f.identity).accounts.register({ email: user.email, password: `another long passphrase ${i}`, displayName: 'Again' });
    const notices = await f.database.db.selectFrom('outbox').select('id').where('recipient', '=', user.email).where('kind', '=', 'account_notice').execute();
    expect(notices).toHaveLength(3);
  });

  it('refuses a token after 30 minutes', async () => {
    const user = await newUser();
    await internalsOf(f.identity).passwordReset.request(user.email);
    const token = await latestResetToken(user.email);
    f.clock += 30 * 60_000 + 1;
    const error = await errorOf(internalsOf(f.identity).passwordReset.confirm(token, 'a late passphrase for me'));
    expect(error instanceof IdentityError && error.code).toBe('ERR_IDENTITY_INVALID_RESET_TOKEN');
  });

  it('does not burn the token on a weak new password', async () => {
    const user = await newUser();
    await internalsOf(f.identity).passwordReset.request(user.email);
    const token = await latestResetToken(user.email);
    const weak = await errorOf(internalsOf(f.identity).passwordReset.confirm(token, 'short'));
    expect(weak instanceof IdentityError && weak.code).toBe('ERR_IDENTITY_WEAK_PASSWORD');
    await internalsOf(f.identity).passwordReset.confirm(token, 'a strong enough passphrase');
  });

  it('queues nothing for an unknown address', async () => {
    const before = await f.database.db.selectFrom('outbox').select('id').execute();
    await internalsOf(f.identity).passwordReset.request('nobody-here@example.com');
    expect(await f.database.db.selectFrom('outbox').select('id').execute()).toHaveLength(before.length);
  });
});

describe('TOTP at login', () => {
  it('needs a code once active, accepts it once, and refuses its replay', async () => {
    const user = await newUser();
    const { secret, otpauthUrl } = await internalsOf(f.identity).mfa.enrol(user.id, user.email);
    expect(otpauthUrl).toContain(secret);
    const sealed = await f.database.db.selectFrom('mfa_totp').select('secret_ciphertext').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(sealed.secret_ciphertext).not.toContain(secret);
    const wrongCode = await errorOf(internalsOf(f.identity).mfa.activate(user.id, '000000'));
    expect(wrongCode instanceof IdentityError && wrongCode.code).toBe('ERR_IDENTITY_INVALID_TOTP');
    await internalsOf(f.identity).mfa.activate(user.id, await generate({ secret, epoch: Math.floor(f.clock / 1000) }));
    // The right password without the code is an ordinary, counted failure.
    expect(await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).toEqual({ ok: false, reason: 'missing_totp' });
    const failures = await f.database.db.selectFrom('login_failures').select('consecutive_failures').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(failures.consecutive_failures).toBe(1);
    f.clock += 30_000;
    const code = await generate({ secret, epoch: Math.floor(f.clock / 1000) });
    expect((await internalsOf(f.identity).accounts.login(user.email, PASSWORD, code)).ok).toBe(true);
    expect(await internalsOf(f.identity).accounts.login(user.email, PASSWORD, code)).toEqual({ ok: false, reason: 'wrong_totp' });
    const enrolAgain = await errorOf(internalsOf(f.identity).mfa.enrol(user.id, user.email));
    expect(enrolAgain instanceof IdentityError && enrolAgain.code).toBe('ERR_IDENTITY_MFA_ALREADY_ACTIVE');
  });
});

describe('operator lock', () => {
  it('refuses login and refresh and kills access tokens at once; unlock restores login', async () => {
    const user = await newUser('paid-individual');
    const pair = await internalsOf(f.identity).startSession(user);
    await expect(f.identity.verifier.verify(pair.accessToken)).resolves.toMatchObject({ subject: user.id });
    await f.identity.admin.lock(user.email);
    await expect(f.identity.verifier.verify(pair.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
    expect(await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined)).toEqual({ ok: false, reason: 'operator_locked' });
    expect(refreshFailureOf(await errorOf(f.identity.refresh(TEST_ORIGIN, pair.refreshToken)))).toBe('revoked');
    await f.identity.admin.unlock(user.email);
    const login = await internalsOf(f.identity).accounts.login(user.email, PASSWORD, undefined);
    expect(login.ok).toBe(true);
    // The old token stays dead after unlocking.
    await expect(f.identity.verifier.verify(pair.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
  });

  it('logout of one session leaves the others working', async () => {
    const user = await newUser();
    const a = await internalsOf(f.identity).startSession(user);
    const b = await internalsOf(f.identity).startSession(user);
    const principal = await f.identity.verifier.verify(a.accessToken);
    await internalsOf(f.identity).sessions.revokeSession(user.id, principal.claims.sid as string, 'logout');
    await expect(f.identity.verifier.verify(a.accessToken)).rejects.toMatchObject({ code: 'RAMPART_ERR_AUTH_INVALID_TOKEN' });
    await expect(f.identity.verifier.verify(b.accessToken)).resolves.toMatchObject({ subject: user.id });
  });
});
