// Reads the JSON entries of a zip (osv.dev's per-ecosystem export `npm/all.zip`: one OSV record
// per `<id>.json` entry) one at a time with yauzl, so memory holds the records, not the archive.
// Caps on entry size, total size and entry count keep a zip bomb from eating the machine.
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { AdvisoryDataError } from './errors.js';
import { MAX_JSON_FILE_BYTES, parseJsonText } from './json.js';

export interface ZipLimits {
  readonly maxEntryBytes: number;
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
}

// npm's all.zip holds a few hundred thousand records (malicious-package reports included).
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: MAX_JSON_FILE_BYTES,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxEntries: 2_000_000,
};

/** Calls `onJson(value, entryName)` for each `.json` entry, in archive order. */
export async function readZipJson(
  zipPath: string,
  onJson: (value: unknown, name: string) => void,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err !== null || z === undefined) reject(new AdvisoryDataError(zipPath, `is not a readable zip (${err?.message ?? 'unknown error'})`, { cause: err }));
      else resolve(z);
    });
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new AdvisoryDataError(zipPath, `has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
  }
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown): void => {
      zip.close();
      reject(error instanceof AdvisoryDataError ? error : new AdvisoryDataError(zipPath, `cannot be read (${(error as Error).message})`, { cause: error }));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      const name = entry.fileName;
      if (name.endsWith('/') || !name.toLowerCase().endsWith('.json')) {
        zip.readEntry();
        return;
      }
      const where = `${zipPath}!${name}`;
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        fail(new AdvisoryDataError(where, `is ${entry.uncompressedSize} bytes, more than the ${limits.maxEntryBytes} allowed`));
        return;
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        fail(new AdvisoryDataError(zipPath, `unpacks to more than the ${limits.maxTotalBytes} bytes allowed`));
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err !== null || stream === undefined) {
          fail(new AdvisoryDataError(where, `cannot be read (${err?.message ?? 'no stream'})`, { cause: err }));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // yauzl checks the declared size too; this guards a stream that runs on regardless.
          if (size > limits.maxEntryBytes) stream.destroy(new Error(`more than ${limits.maxEntryBytes} bytes`));
          else chunks.push(chunk);
        });
        stream.on('error', (e) => fail(new AdvisoryDataError(where, `cannot be read (${e.message})`, { cause: e })));
        stream.on('end', () => {
          try {
            onJson(parseJsonText(Buffer.concat(chunks).toString('utf8'), where), name);
          } catch (error) {
            fail(error);
            return;
          }
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
