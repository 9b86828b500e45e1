// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s) through otplib. otplib's verify()
// returns an object, and `{ valid: false }` is truthy: only `result.valid === true` counts. A code
// is accepted once: the matched time step must be later than the last accepted one.
import { generateSecret, generateURI, verify } from 'otplib';
import type { TotpReplayStore } from '../state/types.js';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: clocks on phones drift. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const CODE = /^[0-9]{6}$/;

export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUrl: string;
}

export class Totp {
  constructor(
    private readonly replay: TotpReplayStore,
    private readonly now: () => number,
    private readonly issuer = 'Rampart',
  ) {}

  /** A fresh 160-bit secret (base32) and its otpauth:// URI for authenticator apps. */
  enrol(accountLabel: string): TotpEnrolment {
    const secret = generateSecret({ length: 20 });
    return { secret, otpauthUrl: generateURI({ issuer: this.issuer, label: accountLabel, secret }) };
  }

  /** Checks a code without consuming it (activation confirms the app is set up). Returns the
   * matched time step, or undefined. */
  async match(secret: string, code: unknown): Promise<number | undefined> {
    if (typeof code !== 'string' || !CODE.test(code)) return undefined;
    try {
      const result = await verify({
        secret,
        token: code,
        epoch: Math.floor(this.now() / 1000),
        epochTolerance: TOLERANCE_SECONDS,
      });
      // The TOTP result carries the matched time step (the HOTP variant of the type does not).
      return result.valid === true && 'timeStep' in result && typeof result.timeStep === 'number' ? result.timeStep : undefined;
    } catch {
      return undefined;
    }
  }

  /** Checks a code and consumes its time step for `userId`: the same code (or an older one) is
   * refused afterwards. */
  async verifyOnce(userId: string, secret: string, code: unknown): Promise<boolean> {
    const timeStep = await this.match(secret, code);
    if (timeStep === undefined) return false;
    return this.replay.claim(userId, timeStep);
  }
}
