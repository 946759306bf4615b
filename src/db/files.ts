import fs from 'node:fs';

/** Flush a file or directory to disk (best effort for directories, which some systems refuse). */
export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    if (!fs.statSync(p).isDirectory()) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Remove a database file with its WAL, shared-memory and rollback-journal files, if present. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}
