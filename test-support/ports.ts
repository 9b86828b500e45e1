// TCP ports for tests: one that a child process may bind (freePort), and one where nothing
// listens, for "the service is unreachable" tests (closedPort). Both are bound on 127.0.0.1 by
// the kernel's choice, read, and released; another process could take the port in between,
// which is why a server started by a test prefers PORT=0 and reports the port it got.
import { createServer } from 'node:net';

async function releasedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for a process the test starts. */
export const freePort = releasedPort;

/** A TCP port on 127.0.0.1 on which nothing listens: connecting to it is refused. */
export const closedPort = releasedPort;
