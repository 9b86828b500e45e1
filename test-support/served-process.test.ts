// The served-process helper against real node child processes (small inline scripts).
import { describe, expect, it } from 'vitest';
import { freePort } from './ports.js';
import { runProcess, startServedProcess } from './served-process.js';

const script = (source: string) => ['--input-type=module', '-e', source];

describe('startServedProcess', () => {
  it('is ready at its readiness line, captures both streams and stops on SIGTERM', async () => {
    const served = await startServedProcess({
      args: script(`
        console.error('warming up');
        setTimeout(() => console.log('ready on ' + process.env.GREETING), 100);
        process.on('SIGTERM', () => { console.log('bye'); process.exit(3); });
        setInterval(() => {}, 1000);
      `),
      env: { GREETING: 'port 1234' },
      ready: /ready on port (\d+)/,
    });
    expect(served.readyMatch?.[1]).toBe('1234');
    expect(served.output()).toContain('warming up');
    expect(await served.stop()).toBe(3);
    expect(served.lines()).toEqual(['warming up', 'ready on port 1234', 'bye']);
  });

  it('is ready once GET /health answers', async () => {
    const port = await freePort();
    const served = await startServedProcess({
      args: script(`
        import { createServer } from 'node:http';
        setTimeout(() => createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1'), 300);
      `),
      env: { PORT: String(port) },
      ready: { health: `http://127.0.0.1:${port}/health` },
    });
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      expect(await served.stop()).toBe(null); // ended by the signal itself
    }
  });

  it('is ready once its port accepts connections', async () => {
    const port = await freePort();
    const served = await startServedProcess({
      args: script(`
        import { createServer } from 'node:net';
        setTimeout(() => createServer((socket) => socket.end('hi')).listen(Number(process.env.PORT), '127.0.0.1'), 300);
      `),
      env: { PORT: String(port) },
      ready: { port },
    });
    expect(await served.stop()).toBe(null);
  });

  it('rejects with the output when the process exits before it is ready', async () => {
    await expect(startServedProcess({ args: script(`console.error('no config'); process.exit(2);`), ready: /never/ })).rejects.toThrow(
      /exited with 2 before it was ready:\nno config/,
    );
  });

  it('rejects at once when the command does not exist', async () => {
    const started = Date.now();
    await expect(startServedProcess({ command: 'rampart-no-such-command', args: [], ready: /never/, startTimeoutMs: 20_000 })).rejects.toThrow(/ENOENT/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills a process that is not ready in time', async () => {
    const started = Date.now();
    await expect(
      startServedProcess({ args: script('setInterval(() => {}, 1000);'), ready: /never/, startTimeoutMs: 500 }),
    ).rejects.toThrow(/not ready within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('SIGKILLs and rejects when SIGTERM does not end the process', async () => {
    const served = await startServedProcess({
      args: script(`process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000);`),
      ready: /up/,
    });
    await expect(served.stop('SIGTERM', 300)).rejects.toThrow(/did not exit within 300 ms of SIGTERM/);
    expect(await served.exited).toBe(null);
    expect(served.child.signalCode).toBe('SIGKILL');
  });

  it('passes only PATH and the given environment', async () => {
    process.env.RAMPART_SERVED_PROCESS_LEAK = 'leaked';
    try {
      const { output } = await runProcess({ args: script(`console.log(JSON.stringify(Object.keys(process.env).sort()))`), env: { ONLY: 'this' } });
      expect(JSON.parse(output)).toEqual(['ONLY', 'PATH']);
    } finally {
      delete process.env.RAMPART_SERVED_PROCESS_LEAK;
    }
  });
});

describe('runProcess', () => {
  it('feeds stdin and returns the exit code and both streams', async () => {
    const result = await runProcess({
      args: script(`let s = ''; process.stdin.on('data', (c) => (s += c)); process.stdin.on('end', () => { console.log(s.trim().toUpperCase()); console.error('done'); process.exit(4); });`),
      stdin: 'secret\n',
    });
    expect(result).toMatchObject({ code: 4, stdout: 'SECRET\n', stderr: 'done\n' });
  });

  it('kills a command that outlives its timeout', async () => {
    await expect(runProcess({ args: script('setInterval(() => {}, 1000);'), timeoutMs: 300 })).rejects.toThrow(/did not finish within 300 ms/);
  });
});

