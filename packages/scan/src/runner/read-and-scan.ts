// One file from disk through scanFile; an unreadable file is a "not checked" entry, not a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanFile, type FileScanResult, type FileScanSetup } from './scan-file.js';

export function readAndScan(cwd: string, file: string, setup: FileScanSetup): FileScanResult {
  let code: string;
  try {
    code = readFileSync(join(cwd, file), 'utf8');
  } catch (error) {
    return { findings: [], parseError: { file, line: 1, column: 1, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` }, lines: 0 };
  }
  return scanFile(file, code, setup);
}
