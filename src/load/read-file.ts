/** Reading a whole input file, bounded: what `perk load`, `perk spend import` and `perk order import` read. */
import fs from 'node:fs';
import { LoadError } from './read-errors.js';

/** The largest data file perk reads (a bigger one, or an endless device like /dev/zero, is refused). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A whole file, read in chunks up to MAX_FILE_BYTES: never unbounded, whatever the file is (`command` names who reads it). */
export function readBounded(file: string, command: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in one go at its size (then a small read finds its end); anything else in 16 MB steps.
    const stat = fs.fstatSync(fd);
    const regular = stat.isFile();
    let next = regular ? stat.size + 1 : 16 * 1024 * 1024;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(next, MAX_FILE_BYTES + 1 - total)));
      next = regular ? 64 * 1024 : 16 * 1024 * 1024;
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) {
        throw new LoadError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most perk ${command} reads.`, 'Split it into several files.');
      }
    }
    // A regular file is one chunk (its first read got all of it): no copy.
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}
