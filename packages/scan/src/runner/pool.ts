// Parallel scanning on the cores there are: the files are dealt out by size (largest first, to
// the least loaded share); the main thread scans one share itself and a worker thread each of
// the others. Small runs stay on one thread: a worker costs ~100 ms to start (loading the parser
// and the rules), more than it saves below a few hundred kilobytes of source.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScanResult, FileScanSetup } from './scan-file.js';
import { readAndScan } from './read-and-scan.js';
import type { WorkerJob } from './worker.js';

export const PARALLEL_MIN_BYTES = 400_000;

export function shares(cwd: string, files: readonly string[], count: number): string[][] {
  const sized = files.map((file) => {
    let size = 0;
    try {
      size = statSync(join(cwd, file)).size;
    } catch {
      // unreadable: the scan reports it
    }
    return { file, size };
  });
  sized.sort((a, b) => b.size - a.size);
  const buckets = Array.from({ length: count }, () => ({ bytes: 0, files: [] as string[] }));
  for (const { file, size } of sized) {
    const target = buckets.reduce((least, bucket) => (bucket.bytes < least.bytes ? bucket : least));
    target.files.push(file);
    target.bytes += size;
  }
  return buckets.map((bucket) => bucket.files);
}

export function totalBytes(cwd: string, files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(join(cwd, file)).size;
    } catch {
      // counted as 0
    }
  }
  return total;
}

/** How many threads to use: 1 below PARALLEL_MIN_BYTES, else up to the cores (at most 4). */
export function threadCount(bytes: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, requested);
  if (bytes < PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(4, availableParallelism()));
}

export async function scanInParallel(
  job: Omit<WorkerJob, 'files'>,
  files: readonly string[],
  threads: number,
  setup: FileScanSetup,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, FileScanResult>> {
  const [own = [], ...others] = shares(job.cwd, files, threads);
  const workerDone = new Array<number>(others.length).fill(0);
  let ownDone = 0;
  const report = () => onProgress?.(ownDone + workerDone.reduce((a, b) => a + b, 0), files.length);
  const entry = new URL('./worker.js', import.meta.url);
  const running = others.map(
    (share, index) =>
      new Promise<FileScanResult[]>((resolve) => {
        // A worker that cannot start or dies (no compiled worker.js, a resource limit): its share
        // is scanned on this thread instead, so the report never depends on the threads.
        let settled = false;
        const fallback = () => {
          if (settled) return;
          settled = true;
          resolve(share.map((file) => readAndScan(job.cwd, file, setup)));
        };
        let worker: Worker;
        try {
          worker = new Worker(entry, { workerData: { ...job, files: share } satisfies WorkerJob });
        } catch {
          fallback();
          return;
        }
        worker.on('message', (message: { kind: 'progress'; done: number } | { kind: 'done'; results: FileScanResult[] }) => {
          if (message.kind === 'progress') {
            workerDone[index] = message.done;
            report();
          } else if (!settled) {
            settled = true;
            workerDone[index] = share.length;
            resolve(message.results);
          }
        });
        worker.once('error', fallback);
        worker.once('exit', fallback);
      }),
  );
  const results = new Map<string, FileScanResult>();
  own.forEach((file) => {
    results.set(file, readAndScan(job.cwd, file, setup));
    ownDone += 1;
    if (ownDone % 25 === 0) report();
  });
  const fromWorkers = await Promise.all(running);
  others.forEach((share, index) => share.forEach((file, position) => results.set(file, fromWorkers[index]?.[position] as FileScanResult)));
  return results;
}
