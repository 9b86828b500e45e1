// Argon2id password hashing through the `argon2` native binding (hashing runs on libuv's thread
// pool, off the event loop). Parameters travel in the PHC string, so a policy increase only
// needs `needsRehash` after a successful login.
import * as argon2 from 'argon2';
import { HashingSlots } from './hashing-slots.js';
import { normalisePassword } from './policy.js';

export interface Argon2Policy {
  /** KiB. OWASP minimum for Argon2id: 19456 (19 MiB). */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const DEFAULT_ARGON2_POLICY: Argon2Policy = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

/** Parameters read from a PHC string: `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
export interface PhcParameters {
  readonly algorithm: string;
  readonly version: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

// argon2 writes the parameters as `m=..,p=..,t=..`; other encoders use `m,t,p`: read them by name.
const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

export function readPhcParameters(phc: string): PhcParameters | undefined {
  if (phc.length > 512) return undefined;
  const match = PHC.exec(phc);
  if (!match) return undefined;
  const [, algorithm, version, list] = match;
  const values = new Map((list ?? '').split(',').map((pair) => [pair.slice(0, 1), Number(pair.slice(2))] as const));
  const memoryCost = values.get('m');
  const timeCost = values.get('t');
  const parallelism = values.get('p');
  if (memoryCost === undefined || timeCost === undefined || parallelism === undefined) return undefined;
  return { algorithm: algorithm ?? '', version: Number(version), memoryCost, timeCost, parallelism };
}


export class PasswordHasher {
  readonly #policy: Argon2Policy;
  readonly #slots: HashingSlots;
  #dummyHash: Promise<string> | undefined;

  constructor(policy: Argon2Policy = DEFAULT_ARGON2_POLICY, slots: HashingSlots = new HashingSlots()) {
    if (policy.memoryCost < 19456 || policy.timeCost < 2 || policy.parallelism < 1) {
      throw new Error('Argon2id policy below the OWASP minimum (m=19456 KiB, t=2, p=1)');
    }
    this.#policy = Object.freeze({ ...policy });
    this.#slots = slots;
  }

  get policy(): Argon2Policy {
    return this.#policy;
  }

  hash(password: string): Promise<string> {
    return this.#slots.run(() => argon2.hash(normalisePassword(password), { type: argon2.argon2id, ...this.#policy }));
  }

  /** False for a wrong password and for a stored value that is not a valid Argon2 PHC string. */
  async verify(phc: string, password: string): Promise<boolean> {
    if (!readPhcParameters(phc)) return false;
    return this.#slots.run(async () => {
      try {
        return await argon2.verify(phc, normalisePassword(password));
      } catch {
        return false;
      }
    });
  }

  /** Spends the same work as a real verification, for unknown accounts (timing must not tell
   * whether an email is registered). Always resolves false. */
  async verifyDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash('rampart dummy password: never matches anything real');
    await this.verify(await this.#dummyHash, password);
    return false;
  }

  /** True when the stored hash is not Argon2id or is weaker than the current policy. */
  needsRehash(phc: string): boolean {
    const parameters = readPhcParameters(phc);
    if (!parameters) return true;
    return (
      parameters.algorithm !== 'argon2id' ||
      parameters.version < 19 ||
      parameters.memoryCost < this.#policy.memoryCost ||
      parameters.timeCost < this.#policy.timeCost ||
      parameters.parallelism !== this.#policy.parallelism
    );
  }
}
