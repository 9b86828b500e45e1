// `rampart isolate read-only|closed|off|status`: service isolation during an incident. The mode
// lives in the database every instance shares (isolation/), and each instance re-reads it every
// 250 ms: within a second, read-only refuses writes with 503 and Retry-After, closed refuses
// everything but /health and /metrics. With a server running on this data directory the command
// goes through its control socket (the embedded database belongs to that process); with none, it
// writes to the database itself.
import { Writable } from 'node:stream';
import { loadConfig, readEnvironment } from '../../config/index.js';
import { createContext } from '../../context.js';
import { sendControlRequest } from '../../identity/control/client.js';
import { isIsolationMode, readIsolationMode, writeIsolationMode, type IsolationMode } from '../../isolation/index.js';
import { SecurityEvents } from '../../security-events/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Pure: the one argument, a mode or `status`. */
export function parseIsolateArgs(args: readonly string[]): IsolationMode | 'status' {
  if (args.length !== 1) throw new UsageError('give exactly one of read-only, closed, off, status');
  const [word] = args as [string];
  if (word === 'status' || isIsolationMode(word)) return word;
  throw new UsageError(`unknown isolation mode "${word.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}" (read-only, closed, off or status)`);
}

interface Outcome {
  readonly mode: string;
  readonly previous?: string;
}

async function onDatabase(io: CliIo, wanted: IsolationMode | 'status'): Promise<Outcome> {
  const config = loadConfig(readEnvironment(io.env, io.cwd), io.cwd);
  const viaServer = await sendControlRequest(config.dataDir, wanted === 'status' ? { op: 'isolation.get' } : { op: 'isolation.set', mode: wanted });
  if (viaServer) {
    if (!viaServer.ok) throw new Error(viaServer.error);
    return { mode: String(viaServer.result.mode), ...(viaServer.result.previous === undefined ? {} : { previous: String(viaServer.result.previous) }) };
  }
  const context = await createContext(config, { logStream: quiet });
  try {
    if (wanted === 'status') return { mode: await readIsolationMode(context.ctx.db) };
    const { db, now, logger } = context.ctx;
    const previous = await writeIsolationMode(db, wanted, new Date(now()));
    await new SecurityEvents({ db, now, logger }).sysAdminAction('isolate', { mode: wanted, previous });
    return { mode: wanted, previous };
  } finally {
    await context.close();
  }
}

const EFFECT: Readonly<Record<IsolationMode, string>> = {
  off: 'normal service',
  'read-only': 'writes answer 503 with Retry-After, reads work',
  closed: 'everything but /health and /metrics answers 503 with Retry-After',
};

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const wanted = parseIsolateArgs(args);
  const outcome = await onDatabase(io, wanted);
  const mode = outcome.mode as IsolationMode;
  if (outcome.previous === undefined) io.stdout.write(`isolation: ${mode} (${EFFECT[mode]})\n`);
  else io.stdout.write(`isolation: ${mode}, was ${outcome.previous} (${EFFECT[mode]}); every instance follows within a second\n`);
  return 0;
}
