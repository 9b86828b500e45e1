// A scan worker: receives a share of the files and the run's settings as plain data, scans them
// with the package's own rules, and posts back one result per file (and progress on the way).
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../rules/index.js';
import type { Level } from '../rules/types.js';
import { readAndScan } from './read-and-scan.js';
import { buildSetup } from './setup.js';

export interface WorkerJob {
  readonly cwd: string;
  readonly files: readonly string[];
  readonly ruleIds: readonly string[];
  readonly severity: Readonly<Record<string, Level>>;
}

const job = workerData as WorkerJob;
const setup = buildSetup(allRules, new Set(job.ruleIds), job.severity);
const results = job.files.map((file, index) => {
  const result = readAndScan(job.cwd, file, setup);
  if (index % 25 === 24) parentPort?.postMessage({ kind: 'progress', done: index + 1 });
  return result;
});
parentPort?.postMessage({ kind: 'done', results });
