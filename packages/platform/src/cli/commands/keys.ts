// `rampart keys rotate`: writes a new signing key (0600) into <dataDir>/keys. The newest key
// signs from then on; the previous one keeps verifying until the tokens it signed have expired.
// A running server is told to reload through its control socket (it would also pick the key up
// by itself on the first token that names it).
import { join } from 'node:path';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { sendControlRequest } from '../../identity/control/client.js';
import { createKeyFile } from '../../identity/keys/signing-keys.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

export async function rotate(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments');
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const kid = await createKeyFile(join(config.dataDir, 'keys'), Date.now());
  const answer = await sendControlRequest(config.dataDir, { op: 'keys.reload' });
  io.stdout.write(`new signing key ${kid}${answer?.ok ? ' (running server reloaded)' : ''}\n`);
  if (answer && !answer.ok) {
    io.stderr.write(`the running server could not reload its keys: ${answer.error}\n`);
    return 1;
  }
  return 0;
}
