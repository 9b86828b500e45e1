#!/usr/bin/env node
// Child process of the platform scenarios, started pinned to a core (like wrk): runs one job given
// as JSON in argv[2] and prints its result as one `DRIVER_JSON {...}` line.
//   probe  - fixed-rate GET latency probe, optionally while a login load runs (scenario 7)
//   hammer - a fixed number of requests over several instances, per-key 2xx counts (scenario 8)
//   store  - rate-limit store decisions in a loop (scenario 8)
import { hammer, loginLoad, probe } from './platform-http.js';
import { storeLoop } from './platform-store-loop.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function runProbe(job) {
  if (!job.logins) return { probe: await probe(job.probe) };
  const load = loginLoad(job.logins);
  // Let the login queue fill before the probe starts, so the probe sees the steady state.
  await sleep(job.leadMs ?? 1000);
  const measured = await probe(job.probe);
  return { probe: measured, logins: await load.stop() };
}

const jobs = { probe: runProbe, hammer: (job) => hammer(job), store: (job) => storeLoop(job) };

const job = JSON.parse(process.argv[2] ?? '{}');
const run = jobs[job.kind];
if (!run) {
  process.stderr.write(`platform-driver: unknown job kind ${job.kind}\n`);
  process.exit(2);
}
try {
  const result = await run(job);
  process.stdout.write(`\nDRIVER_JSON ${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`platform-driver: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
