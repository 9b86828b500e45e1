// `rampart secrets rotate`: new sealing keys for the TOTP secrets and the outbox's sealed tokens
// (<RAMPART_DATA_DIR>/keys/totp-secrets.key.<n>, outbox.key.<n>), and every ciphertext sealed
// again under them, while the service runs: old keys keep opening what they sealed. Through a
// running server's control socket (its key ring switches at once), else on the database directly.
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { createContext } from '../../context.js';
import { sendControlRequest } from '../../identity/control/client.js';
import { resealEventDetail, rotateSealingKeys } from '../../identity/mfa/reseal-secrets.js';
import { SecretBox } from '../../identity/mfa/secret-box.js';
import { SecurityEvents } from '../../security-events/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

async function onDatabase(io: CliIo): Promise<Readonly<Record<string, unknown>>> {
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const viaServer = await sendControlRequest(config.dataDir, { op: 'secrets.rotate' });
  if (viaServer) {
    if (!viaServer.ok) throw new Error(viaServer.error);
    return viaServer.result;
  }
  const context = await createContext(config, { logStream: quiet });
  try {
    const { db, now, logger } = context.ctx;
    const keys = join(config.dataDir, 'keys');
    const report = await rotateSealingKeys(db, await SecretBox.open(join(keys, 'totp-secrets.key')), await SecretBox.open(join(keys, 'outbox.key')));
    await new SecurityEvents({ db, now, logger }).sysAdminAction('secrets_rotate', resealEventDetail(report));
    return { ...report };
  } finally {
    await context.close();
  }
}

export async function rotate(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments');
  const r = await onDatabase(io);
  io.stdout.write(
    `new sealing keys: totp-secrets.key.${String(r.totpKey)}, outbox.key.${String(r.outboxKey)}; ` +
      `sealed again: ${String(r.totpSecrets)} TOTP secret(s), ${String(r.outboxTokens)} outbox token(s)\n`,
  );
  return 0;
}
