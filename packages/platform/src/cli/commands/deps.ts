// `rampart deps [options]`: all of it lives in @rampart/deps (which knows nothing of the platform);
// this command hands over the arguments, the streams and the working directory, and returns its exit code.
import type { CommandRun } from '../types.js';

export const run: CommandRun = async (args, io) => {
  const { main } = await import('@rampart/deps');
  return main(args, { stdout: io.stdout, stderr: io.stderr, env: io.env, cwd: io.cwd });
};
