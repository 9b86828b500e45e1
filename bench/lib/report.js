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
  const pub = byId.public?.rampart;
  if (pub?.rpsRatio !== undefined) {
    verdicts.push({ met: pub.cpuRatio <= 1.15, text: `scenario 1: Rampart ${pub.cpuRatio.toFixed(2)} x bare Fastify CPU time per request (goal <= 1.15)` });
    verdicts.push({ met: pub.rpsRatio >= 0.9, text: `scenario 1: Rampart ${pub.rpsRatio.toFixed(2)} x bare Fastify req/s (goal >= 0.90)` });
    verdicts.push({ met: pub.p99Ratio <= 2, text: `scenario 1: Rampart p99 ${pub.p99Ratio.toFixed(2)} x bare Fastify (goal <= 2)` });
  }
  const auth = byId.authenticated?.rampart;
  if (auth?.rpsRatio !== undefined) {
    verdicts.push({ met: auth.rpsRatio >= 0.85, text: `scenario 2: Rampart ${auth.rpsRatio.toFixed(2)} x bare Fastify req/s, ${auth.cpuRatio.toFixed(2)} x its CPU per request (goal >= 0.85 req/s)` });
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
  return `### ${result.title}\n\n| target | CPU µs/req (median) | CPU x bare | req/s (median) | spread | x bare | p50 ms | p99 ms | p99 x bare | non-2xx | RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n${rows
    .sort((a, b) => b[1].rps - a[1].rps)
    .map(([, t]) => `| ${t.label} | ${t.cpuUsPerRequest?.toFixed(1) ?? '-'} | ${t.cpuRatio?.toFixed(2) ?? '-'} | ${Math.round(t.rps)} | ${(t.rpsSpread * 100).toFixed(1)}% | ${t.rpsRatio?.toFixed(2) ?? '-'} | ${t.p50Ms.toFixed(2)} | ${t.p99Ms.toFixed(2)} | ${t.p99Ratio?.toFixed(2) ?? '-'} | ${t.non2xx} | ${t.rssMiB.toFixed(0)} |`)
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
