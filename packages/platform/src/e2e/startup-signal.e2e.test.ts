// A SIGTERM while `rampart serve` is still starting (opening and migrating the embedded
// database) must not kill it half-way: it finishes starting, never listens, closes the
// database and exits 0; the next start finds an intact database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, RAMPART_BIN, startServe } from './test-support/serve-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM during start-up', { timeout: 300_000 }, () => {
  it('shuts down cleanly without listening, and the data survives for the next start', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [RAMPART_BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', RAMPART_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let signalled = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The migrations are applied before the identity module and the server start.
      if (!signalled && output.includes('"msg":"database migrated"')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    expect(output).not.toContain('rampart listening');
    expect(output).toContain('"msg":"shut down"');

    const again = await startServe({ RAMPART_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      expect(again.output()).not.toContain('database migrated');
    } finally {
      expect(await again.stop('SIGTERM')).toBe(0);
    }
  });
});
