// One ScanReport with every kind of content the reporters must handle, hostile text included.
import type { ScanReport } from '../../findings/types.js';

export const sampleReport: ScanReport = {
  root: '/repo',
  startedAt: '2026-12-01T09:00:00.000Z',
  finishedAt: '2026-12-01T09:00:00.420Z',
  durationMs: 420,
  filesScanned: 3,
  linesScanned: 1234,
  thresholds: { severity: 'medium', confidence: 'medium' },
  findings: [
    {
      id: '0123456789abcdef0123456789abcdef',
      rule: 'sql-injection',
      severity: 'high',
      confidence: 'high',
      message: 'SQL built from request data.',
      fix: 'Use query parameters.',
      cwe: 89,
      location: { file: 'src/routes/users.ts', line: 12, column: 5, endLine: 12, endColumn: 40 },
      code: 'db.query(`SELECT * FROM users WHERE name = \'${req.query.name}\'`); // </code></pre><script>alert(1)</script>',
    },
    {
      id: 'fedcba9876543210fedcba9876543210',
      rule: 'weak-hash',
      severity: 'medium',
      confidence: 'medium',
      message: 'MD5 is not a password or integrity hash.',
      fix: 'Use SHA-256, or argon2id for passwords.',
      cwe: 328,
      location: { file: 'src/dir with space/ü.js', line: 3, column: 1, endLine: 4, endColumn: 2 },
      code: "createHash('md5') \u001b[2J\u202e",
    },
  ],
  parseErrors: [{ file: 'src/broken.ts', line: 2, column: 7, message: 'parse error: Unexpected token' }],
  omitted: { belowThreshold: 4, suppressed: 2, baseline: 1 },
  rules: [
    { id: 'sql-injection', name: 'SQL built from strings', severity: 'high', confidence: 'high', cwe: 89, owasp: 'A03:2021-Injection', bandit: 'B608', fix: 'Use query parameters.', description: 'Finds SQL.' },
    { id: 'weak-hash', name: 'Weak hash', severity: 'medium', confidence: 'high', cwe: 328, owasp: 'A02:2021-Cryptographic Failures', fix: 'Use SHA-256.', description: 'Finds MD5.' },
  ],
};
