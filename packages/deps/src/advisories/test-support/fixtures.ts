// Shared test helpers: installed copies, the shipped records by id, temporary folders.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackageInstance } from '../../model.js';
import { nswgCoreToOsv, nswgNpmToOsv } from '../nswg.js';
import { parseOsvRecord, type OsvRecord } from '../osv.js';
import { SHIPPED_DATA_DIR } from '../shipped.js';

export function inst(name: string, version: string, extra: Partial<PackageInstance> = {}): PackageInstance {
  return { key: `node_modules/${name}`, name, version, dev: false, optional: false, peer: false, source: 'registry', dependencies: {}, ...extra };
}

export function rawShipped(relative: string): unknown {
  return JSON.parse(readFileSync(join(SHIPPED_DATA_DIR, relative), 'utf8')) as unknown;
}

export function ghsa(id: string): OsvRecord {
  return parseOsvRecord(rawShipped(`ghsa/${id}.json`), id);
}

export function wgNpm(n: number): OsvRecord {
  return nswgNpmToOsv(rawShipped(`nodejs-security-wg/npm/${n}.json`), `npm/${n}.json`, String(n));
}

export function wgCore(n: number): OsvRecord {
  return nswgCoreToOsv(rawShipped(`nodejs-security-wg/core/${n}.json`), `core/${n}.json`, String(n));
}

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-deps-adv-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
