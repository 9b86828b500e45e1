// Rules where untrusted data reaches a dangerous sink (taint-driven).
import { prototypePollution } from './prototype-pollution.js';
import { ssrf } from './ssrf.js';
import { openRedirect } from './open-redirect.js';
import { pathTraversal } from './path-traversal.js';
import { codeInjection } from './code-injection.js';
import { commandInjection } from './command-injection.js';
import { sqlInjection } from './sql-injection.js';
import { unsafeDeserialization } from './unsafe-deserialization.js';
import { xssUnescapedHtml } from './xss-unescaped-html.js';
import { templateAutoescapeOff } from './template-autoescape-off.js';
import { errorDetailsLeak } from './error-details-leak.js';
import type { ScanRule } from './types.js';

export const injectionRules: readonly ScanRule[] = [
  errorDetailsLeak,
  templateAutoescapeOff,
  xssUnescapedHtml,
  sqlInjection,
  commandInjection,
  codeInjection,
  unsafeDeserialization,
  prototypePollution,
  ssrf,
  openRedirect,
  pathTraversal,
];
