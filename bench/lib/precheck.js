// Like for like: before measuring, fetch one response from each target and fail the run if their
// security header sets differ (names must match exactly; differing values are printed).
import { request } from 'node:http';
import { startTarget } from './targets.js';
import { SECURITY_HEADERS, ALLOWED_ORIGIN } from '../targets/common.js';

// Headers that count as part of the security set, including the ones some libraries add on their own.
const SECURITY_NAMES = [
  ...Object.keys(SECURITY_HEADERS),
  'x-request-id',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'vary',
  'x-xss-protection',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'origin-agent-cluster',
  'x-powered-by',
  'server',
];

function fetchHeaders(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Origin: ALLOWED_ORIGIN } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function precheckHeaders(targets, { path, cpu }) {
  const seen = [];
  for (const name of targets) {
    const server = await startTarget(name, { cpu });
    try {
      const { status, headers } = await fetchHeaders(server.port, path);
      if (status !== 200) throw new Error(`bench precheck: ${name} answered ${status} on ${path}`);
      const present = SECURITY_NAMES.filter((h) => headers[h] !== undefined).sort();
      seen.push({ name, present, headers });
    } finally {
      await server.stop();
    }
  }
  const [reference, ...others] = seen;
  const problems = [];
  for (const other of others) {
    const missing = reference.present.filter((h) => !other.present.includes(h));
    const extra = other.present.filter((h) => !reference.present.includes(h));
    if (missing.length || extra.length) {
      problems.push(`${other.name} vs ${reference.name}: missing [${missing.join(', ')}], extra [${extra.join(', ')}]`);
    }
    for (const h of Object.keys(SECURITY_HEADERS)) {
      if (other.headers[h] !== reference.headers[h]) {
        console.log(`  precheck: ${other.name} ${h} = "${other.headers[h]}" (${reference.name}: "${reference.headers[h]}")`);
      }
    }
  }
  if (problems.length) {
    throw new Error(`bench precheck: the security header sets differ, the comparison would not be like for like:\n  ${problems.join('\n  ')}`);
  }
  console.log(`  precheck: ${seen.length} targets send the same security header set (${reference.present.length} headers)`);
}
