// A hand-made report with every verdict, two categories and an errored check, for reporter tests.
import type { AuditReport } from '../../runner/report.js';

export const sampleReport: AuditReport = {
  target: 'http://127.0.0.1:3000/',
  startedAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:01.500Z',
  durationMs: 1500,
  requestsSent: 42,
  results: [
    {
      check: { id: 'headers', title: 'Security headers', category: 'A05:2021-Security Misconfiguration', description: 'Grades security headers.' },
      findings: [
        { verdict: 'PASS', title: 'nosniff', detail: 'X-Content-Type-Options: nosniff is set.', url: 'http://127.0.0.1:3000/' },
        { verdict: 'WARN', title: 'Referrer-Policy missing', detail: 'No Referrer-Policy header.', url: 'http://127.0.0.1:3000/', fix: 'Send Referrer-Policy: no-referrer.' },
        { verdict: 'N/A', title: 'HSTS', detail: 'Plain http target.', url: 'http://127.0.0.1:3000/' },
      ],
    },
    {
      check: { id: 'cors', title: 'CORS policy', category: 'A01:2021-Broken Access Control', description: 'Sends foreign origins.' },
      findings: [
        { verdict: 'FAIL', title: 'Origin reflected with credentials', detail: 'https://evil.test was allowed with credentials.', url: 'http://127.0.0.1:3000/', fix: 'Allow a fixed list of origins.', severity: 'critical' },
        { verdict: 'INFO', title: 'Wildcard origin', detail: 'Access-Control-Allow-Origin: * on /public.', url: 'http://127.0.0.1:3000/public' },
      ],
    },
    {
      check: { id: 'banners', title: 'Version banners', category: 'A05:2021-Security Misconfiguration', description: 'Looks for version banners.' },
      findings: [],
      error: 'request budget of 300 requests exhausted',
    },
  ],
  summary: { pass: 1, info: 1, warn: 1, fail: 1, na: 1 },
  score: 29,
};
