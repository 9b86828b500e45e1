// The status a server answers to a request whose Content-Length is over a limit, sent without its
// body: guard answers 413 from the header alone, and the test need not race the server's close
// (a client still writing megabytes to a socket the server has closed gets EPIPE, not the answer).
import { connect } from 'node:net';

export function statusForDeclaredLength(url: string, path: string, headers: Record<string, string>, length: number): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('connect', () => {
      const lines = Object.entries({ host: `${hostname}:${port}`, ...headers, 'content-length': String(length) }).map(([name, value]) => `${name}: ${value}`);
      socket.write(`POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status === undefined) return;
      socket.destroy();
      resolve(Number(status));
    });
    socket.on('error', reject);
  });
}
