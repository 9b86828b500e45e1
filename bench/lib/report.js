// Writes the results: bench/results/<date>.json, a bar chart (SVG) and the table in docs/performance.md.
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function goals(results) {
  const byId = Object.fromEntries(results.filter((r) => r.targets).map((r) => [r.id, r.targets]));
  const verdicts = [];
  // Goals are ratios to the header-equal baseline (bare Fastify sending Rampart's headers) of the
  // same rounds, as the issue sets them; the ratio to the ceiling (bare Fastify without the
  // contract's RateLimit and Expose-Headers headers) is printed beside it.
  const ceiling = (t) => `; ${t.cpuRatio.toFixed(2)} x CPU and ${t.rpsRatio.toFixed(2)} x req/s of the ceiling`;
  const pub = byId.public?.rampart;
  if (pub?.sameHeaders) {
    const same = pub.sameHeaders;
    verdicts.push({ met: same.cpuRatio <= 1.15, text: `scenario 1: Rampart ${same.cpuRatio.toFixed(2)} x header-equal bare Fastify CPU time per request (goal <= 1.15${ceiling(pub)})` });
    verdicts.push({ met: same.rpsRatio >= 0.9, text: `scenario 1: Rampart ${same.rpsRatio.toFixed(2)} x header-equal bare Fastify req/s (goal >= 0.90)` });
    verdicts.push({ met: same.p99Ratio <= 2, text: `scenario 1: Rampart p99 ${same.p99Ratio.toFixed(2)} x header-equal bare Fastify (goal <= 2)` });
  }
  for (const [key, name] of [['rampart', 'Rampart'], ['rampart+oidc', 'Rampart with oidcVerifier']]) {
    const auth = byId.authenticated?.[key];
    if (!auth?.sameHeaders) continue;
    const same = auth.sameHeaders;
    verdicts.push({ met: same.rpsRatio >= 0.85, text: `scenario 2: ${name} ${same.rpsRatio.toFixed(2)} x header-equal bare Fastify req/s, ${same.cpuRatio.toFixed(2)} x its CPU per request (goal >= 0.85 req/s${ceiling(auth)})` });
  }
  const limited = byId.limited?.rampart;
  if (limited && pub) {
    const ratio = limited.rps / pub.rps;
    verdicts.push({ met: ratio >= 1 - Math.max(pub.rpsSpread ?? 0, 0.03), text: `scenario 3: a 429 costs ${(1 / ratio).toFixed(2)} x a 200 (429 req/s / 200 req/s = ${ratio.toFixed(2)}; goal: no more than a 200, within the rounds' spread)` });
  }
  const redis = byId.redis;
  if (redis?.['rampart+redis'] && redis.rampart) {
    verdicts.push({ met: true, text: `scenario 4: Redis limiter ${(redis['rampart+redis'].rps / redis.rampart.rps).toFixed(2)} x the in-process limiter req/s, p99 +${(redis['rampart+redis'].p99Ms - redis.rampart.p99Ms).toFixed(2)} ms (reported, no goal)` });
  }
  const mem = byId.memory?.rampart;
  if (mem) {
    verdicts.push({ met: mem.growthMiB < 64, text: `scenario 5: ${mem.growthMiB.toFixed(1)} MiB RSS growth after ${mem.requests} requests from distinct keys (goal < 64 MiB)` });
  }
  return verdicts;
}

function table(result) {
  if (!result.targets) {
    const why = typeof result.skipped === 'string' ? result.skipped : 'skipped';
    return `### ${result.title}\n\nSkipped: ${why}.\n`;
  }
  const rows = Object.entries(result.targets);
  const skipped = Array.isArray(result.skipped) ? result.skipped.map((s) => `\n_${s.target} skipped: ${s.reason}._\n`).join('') : '';
  if (rows[0]?.[1].growthMiB !== undefined) {
    return `### ${result.title}\n\n| target | requests | RSS growth (MiB) | RSS after (MiB) |\n|---|---:|---:|---:|\n${rows
      .map(([, t]) => `| ${t.label} | ${t.requests} | ${t.growthMiB.toFixed(1)} | ${t.rssAfterMiB.toFixed(1)} |`)
      .join('\n')}\n${skipped}`;
  }
  // With a header-equal baseline in the run, its ratios are columns of their own (the goals' figures).
  const same = rows.some(([, t]) => t.sameHeaders);
  const head = same
    ? '| target | CPU µs/req (median) | CPU x same-headers bare | CPU x bare | req/s (median) | spread | x same-headers bare | x bare | p50 ms | p99 ms | p99 x bare | non-2xx | RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
    : '| target | CPU µs/req (median) | CPU x bare | req/s (median) | spread | x bare | p50 ms | p99 ms | p99 x bare | non-2xx | RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const row = (t) => same
    ? `| ${t.label} | ${t.cpuUsPerRequest?.toFixed(1) ?? '-'} | ${t.sameHeaders?.cpuRatio.toFixed(2) ?? '-'} | ${t.cpuRatio?.toFixed(2) ?? '-'} | ${Math.round(t.rps)} | ${(t.rpsSpread * 100).toFixed(1)}% | ${t.sameHeaders?.rpsRatio.toFixed(2) ?? '-'} | ${t.rpsRatio?.toFixed(2) ?? '-'} | ${t.p50Ms.toFixed(2)} | ${t.p99Ms.toFixed(2)} | ${t.p99Ratio?.toFixed(2) ?? '-'} | ${t.non2xx} | ${t.rssMiB.toFixed(0)} |`
    : `| ${t.label} | ${t.cpuUsPerRequest?.toFixed(1) ?? '-'} | ${t.cpuRatio?.toFixed(2) ?? '-'} | ${Math.round(t.rps)} | ${(t.rpsSpread * 100).toFixed(1)}% | ${t.rpsRatio?.toFixed(2) ?? '-'} | ${t.p50Ms.toFixed(2)} | ${t.p99Ms.toFixed(2)} | ${t.p99Ratio?.toFixed(2) ?? '-'} | ${t.non2xx} | ${t.rssMiB.toFixed(0)} |`;
  return `### ${result.title}\n\n${head}\n${rows
    .sort((a, b) => b[1].rps - a[1].rps)
    .map(([, t]) => row(t))
    .join('\n')}\n${skipped}`;
}

export function writeReport({ machine, options, results }) {
  const date = new Date().toISOString().slice(0, 10);
  const verdicts = [...goals(results), ...results.flatMap((r) => r.verdicts ?? [])];
  const dir = `${root}bench/results`;
  mkdirSync(dir, { recursive: true });
  const document = { date, machine, options: { ...options, only: options.only ? [...options.only] : null }, results, goals: verdicts };
  writeFileSync(`${dir}/${date}.json`, `${JSON.stringify(document, null, 2)}\n`);
  const chart = renderChart(results.find((r) => r.id === 'public'));
  if (chart) {
    writeFileSync(`${dir}/${date}.svg`, chart);
    writeFileSync(`${root}docs/performance-chart.svg`, chart);
  }
  const section = [
    START,
    `_Measured ${date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), ${machine.platform}, Node ${machine.node}, commit ${machine.commit}${machine.dirty ? ' (uncommitted changes)' : ''}; load generator ${machine.loadGenerator}; ${options.rounds} interleaved round(s) of ${options.seconds}s per target after ${options.warmup}s warm-up; primary figure: server CPU time per request (/proc/PID/stat), ${options.connections} connections, no pipelining${options.quick ? ' (quick mode)' : ''}._`,
    '',
    `_Packages: ${Object.entries(machine.packages).map(([k, v]) => `${k} ${v}`).join(', ')}._`,
    '',
    chart ? '![Scenario 1 requests per second as a ratio to bare Fastify](performance-chart.svg)\n' : '',
    '**Goals**\n',
    ...verdicts.map((v) => `- ${v.met ? 'met' : '**missed**'}: ${v.text}`),
    '',
    ...results.map((r) => r.markdown ?? table(r)),
    END,
  ].join('\n');
  const docPath = `${root}docs/performance.md`;
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : `# Performance\n\n${START}\n${END}\n`;
  const next = current.includes(START)
    ? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length)
    : `${current}\n${section}\n`;
  writeFileSync(docPath, next);
  return { verdicts };
}
