// `rampart keys rotate`: writes a new signing key (0600) into <dataDir>/keys. The newest key
// signs from then on; the previous one keeps verifying until the tokens it signed have expired.
// A running server is told to reload through its control socket (it would also pick the key up
// by itself on the first token that names it).
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { sendControlRequest } from '../../identity/control/client.js';
import { createKeyFile } from '../../identity/keys/signing-keys.js';
import { KID } from '../../identity/keys/retired-keys.js';
import { retireSigningKey } from '../../identity/keys/retire.js';
import { createContext } from '../../context.js';
import { SecurityEvents } from '../../security-events/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

export async function rotate(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments');
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const kid = await createKeyFile(join(config.dataDir, 'keys'), Date.now());
  // A running server loads the key and records the sys_admin_action; with none, the database is
  // opened here to record it.
  const answer = await sendControlRequest(config.dataDir, { op: 'keys.rotated', kid });
  if (!answer) {
    const context = await createContext(config, { logStream: quiet });
    try {
      const { db, now, logger } = context.ctx;
      await new SecurityEvents({ db, now, logger }).sysAdminAction('keys_rotate', { kid });
    } finally {
      await context.close();
    }
  }
  io.stdout.write(`new signing key ${kid}${answer?.ok ? ' (running server reloaded)' : ''}\n`);
  if (answer && !answer.ok) {
    io.stderr.write(`the running server could not reload its keys: ${answer.error}\n`);
    return 1;
  }
  return 0;
}

/** The kid of the newest key file in `directory` (the one that signs), if any. */
async function signingKid(directory: string): Promise<string | undefined> {
  const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => /^[A-Za-z0-9_-]{16,64}\.json$/.test(name));
  let newest: { kid: string; createdAt: number } | undefined;
  for (const name of names) {
    const { kid, createdAt } = JSON.parse(await readFile(join(directory, name), 'utf8')) as { kid: string; createdAt: number };
    if (!newest || createdAt > newest.createdAt) newest = { kid, createdAt };
  }
  return newest?.kid;
}

/** `rampart keys retire <kid>`: a compromised key. Every instance refuses the tokens it signed
 * within a second (the shared list in the database); its file here is deleted. The key that signs
 * new tokens cannot be retired: rotate first. */
export async function retire(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length !== 1) throw new UsageError('give the kid of the key to retire (the file name in <RAMPART_DATA_DIR>/keys without .json)');
  const kid = args[0] as string;
  if (!KID.test(kid)) throw new UsageError(`"${kid.slice(0, 70).replace(/[^\x20-\x7e]/g, '?')}" is not a key id (16 to 64 letters, digits, - and _)`);
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const directory = join(config.dataDir, 'keys');
  if ((await signingKid(directory)) === kid) {
    io.stderr.write(`key ${kid} signs every new token here: run \`rampart keys rotate\` first (and give every host the new key), then retire it\n`);
    return 1;
  }
  const viaServer = await sendControlRequest(config.dataDir, { op: 'keys.retire', kid });
  let added: boolean;
  if (viaServer) {
    if (!viaServer.ok) {
      io.stderr.write(`${viaServer.error}\n`);
      return 1;
    }
    added = viaServer.result.added === true;
  } else {
    const context = await createContext(config, { logStream: quiet });
    try {
      const { db, now, logger } = context.ctx;
      added = await retireSigningKey(db, new SecurityEvents({ db, now, logger }), now(), kid);
    } finally {
      await context.close();
    }
  }
  await rm(join(directory, `${kid}.json`), { force: true });
  io.stdout.write(`signing key ${kid} ${added ? 'retired' : 'was already retired'}: its tokens are refused on every instance within a second; remove it from every host's keys directory\n`);
  return 0;
}
