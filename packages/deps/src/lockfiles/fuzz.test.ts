// Mangled lockfiles: every outcome is a graph or a LockfileError, never another exception.
import { describe, expect, it } from 'vitest';
import { LockfileError } from './errors.js';
import { fsManifestSource } from './fs-source.js';
import { parseLockfile } from './index.js';
import { samplePath, sampleText } from './test-support/samples.js';

/** Deterministic (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = ['{', '}', '[', ']', ':', '"', "'", ',', '\n', '  ', '__proto__', 'constructor', 'null', '1', 'true', '- ', '&a ', '*a', '#', '\t', '@'];

function mangle(text: string, rand: () => number): string {
  let out = text;
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const at = Math.floor(rand() * out.length);
    const op = rand();
    if (op < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
    else if (op < 0.6) out = out.slice(0, at) + (JUNK[Math.floor(rand() * JUNK.length)] as string) + out.slice(at);
    else if (op < 0.8) {
      const lines = out.split('\n');
      const i = Math.floor(rand() * lines.length);
      lines.splice(Math.floor(rand() * lines.length), 0, lines[i] as string);
      out = lines.join('\n');
    } else out = out.slice(0, at);
  }
  return out;
}

describe.each(['npm3/package-lock.json', 'npm1/package-lock.json', 'pnpm8/pnpm-lock.yaml', 'pnpm9/pnpm-lock.yaml', 'yarn1/yarn.lock', 'berry/yarn.lock'])('%s, mangled', (sample) => {
  it('gives a graph or a LockfileError, 150 times', () => {
    const text = sampleText(sample);
    const manifests = fsManifestSource(samplePath(sample.split('/')[0] as string));
    const rand = random(sample.length * 7919);
    let errors = 0;
    for (let i = 0; i < 150; i++) {
      const input = mangle(text, rand);
      try {
        const g = parseLockfile(input, sample, manifests);
        expect(Array.isArray(g.packages)).toBe(true);
      } catch (err) {
        if (!(err instanceof LockfileError)) throw new Error(`iteration ${i}: ${(err as Error).stack ?? String(err)}`, { cause: err });
        expect(err.message.startsWith(`${sample}: `)).toBe(true);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });
});
