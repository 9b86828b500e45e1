// Programs that some integration tests run (promtool, prometheus, ...), found on the PATH or at
// Debian's path. Found: the test runs. Missing: skipped with a printed reason, except under
// CI=true, where .ci/run installs them and a missing one is a failure.
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { unavailable } from './services.js';

/** The absolute path of an executable named `name` on the PATH, or undefined. */
export function findExecutable(name: string, extraDirectories: readonly string[] = []): string | undefined {
  const directories = [...(process.env.PATH ?? '').split(delimiter), ...extraDirectories].filter(Boolean);
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Resolve once per test file at top level: `const promtool = requireExecutable('promtool', 'apt-get install prometheus');`
 * then `describe.runIf(promtool)(...)`. */
export function requireExecutable(name: string, installHint: string): string | undefined {
  const found = findExecutable(name, ['/usr/bin', '/usr/sbin', '/usr/local/bin']);
  if (found !== undefined) return found;
  unavailable(name, `${name} is not installed (${installHint})`);
  return undefined;
}

/** Chromium for the browser tests: CHROMIUM_PATH, else Debian's `chromium` (or `chromium-browser`).
 * Resolve once per file: `const chromiumPath = chromiumExecutable();`. */
export function chromiumExecutable(): string | undefined {
  const override = process.env.CHROMIUM_PATH;
  const found = override ? findExecutable(basename(override), [dirname(override)]) : (findExecutable('chromium', ['/usr/bin']) ?? findExecutable('chromium-browser', ['/usr/bin']));
  if (found !== undefined) return found;
  unavailable('browser', `no Chromium executable ${override ? `at ${override}` : 'named chromium or chromium-browser'} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return undefined;
}
