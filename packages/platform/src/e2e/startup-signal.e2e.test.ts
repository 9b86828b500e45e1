// A SIGTERM while `rampart serve` is still starting (opening and migrating the embedded
// database) must not kill it half-way: it finishes starting, never listens, closes the
// database and exits 0; the next start finds an intact database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, RAMPART_BIN, startServe } from '../../../../test-support/rampart-cli.js';
import { startServedProcess } from '../../../../test-support/served-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM during start-up', { timeout: 300_000 }, () => {
  it('shuts down cleanly without listening, and the data survives for the next start', async () => {
    assertBuilt();
    // The migrations are applied before the identity module and the server start: the signal
    // goes out the moment that line is written.
    const starting = await startServedProcess({
      args: [RAMPART_BIN, 'serve'],
      env: { RAMPART_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      ready: /"msg":"database migrated"/,
      name: 'rampart serve',
    });
    const code = await starting.stop('SIGTERM', 120_000);
    const output = starting.output();
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
