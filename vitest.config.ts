import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the built dist/ is only for the CLI processes.
    alias: [
      { find: /^@rampart\/guard$/, replacement: src('./packages/guard/src/index.ts') },
      { find: /^@rampart\/cli-kit$/, replacement: src('./packages/cli-kit/src/index.ts') },
      { find: /^@rampart\/audit$/, replacement: src('./packages/audit/src/index.ts') },
      { find: /^@rampart\/scan\/rules$/, replacement: src('./packages/scan/src/rules/index.ts') },
      { find: /^@rampart\/scan$/, replacement: src('./packages/scan/src/index.ts') },
      { find: /^@rampart\/deps$/, replacement: src('./packages/deps/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'test-support/**/*.test.ts', 'examples/*/*.test.ts', 'ops/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2 cores: two workers keep CPU-heavy tests (argon2, PGlite) from starving each other.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
