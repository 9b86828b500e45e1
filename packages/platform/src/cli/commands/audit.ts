// `rampart audit URL [options]`: the outside hardening audit of any running HTTP API.
// All of it lives in @rampart/audit (which knows nothing of the platform); this command only
// hands over the arguments and the process streams, and returns the auditor's exit code
// (0 clean, 1 findings, 2 usage or configuration error, 3 target unreachable).
import type { CommandRun } from '../types.js';

export const run: CommandRun = async (args, io) => {
  const { main } = await import('@rampart/audit');
  // The streams are passed as they are: the auditor reads `isTTY` from them for colour and progress.
  // commandName: the auditor's help and messages then say `rampart audit`, as typed here.
  return main(args, { stdout: io.stdout, stderr: io.stderr, env: io.env, commandName: 'rampart audit' });
};
