// The last accepted TOTP time step per user in Redis, as a compare-and-set script: of two
// instances receiving the same code at once, exactly one accepts it. A mark expires after
// `ttlMs`; by then the verifier's own window refuses the code anyway (keep ttlMs well above it).
import type { TotpReplayStore } from '../identity/state/types.js';
import { USER_ID } from '../identity/state/types.js';
import type { SharedRedis } from './connection.js';

// KEYS[1] last step; ARGV step, ttlMs. 1 = accepted, 0 = replay (same or older step).
const CLAIM = `
local last = tonumber(redis.call('GET', KEYS[1]))
local step = tonumber(ARGV[1])
if last and step <= last then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

interface ClaimCommand {
  rampartTotpClaim(key: string, step: number, ttlMs: number): Promise<number>;
}

export class RedisTotpReplayStore implements TotpReplayStore {
  constructor(
    private readonly redis: SharedRedis,
    private readonly prefix = 'rampart:totp:',
    private readonly ttlMs = 10 * 60 * 1000,
  ) {
    redis.client.defineCommand('rampartTotpClaim', { numberOfKeys: 1, lua: CLAIM });
  }

  async claim(userId: string, timeStep: number): Promise<boolean> {
    if (!USER_ID.test(userId) || !Number.isSafeInteger(timeStep) || timeStep < 0) return false;
    const key = this.prefix + userId;
    const accepted = await this.redis.run((client) => (client as unknown as ClaimCommand).rampartTotpClaim(key, timeStep, this.ttlMs));
    return accepted === 1;
  }
}
