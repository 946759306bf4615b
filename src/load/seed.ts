import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../context.js';
import { fsyncPath, removeDatabaseFiles } from '../db/files.js';
import { openDatabase } from '../db/open.js';
import { Store } from '../db/store.js';
import { RuntimeError } from '../errors.js';
import { loadItems, type LoadCounts } from './apply.js';
import { readJson, type RawItem } from './read.js';

/** Every item of the embedded dataset, files in name order. */
export function readDefaultDataset(dataDir = defaultDataDir()): RawItem[] {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => readJson(fs.readFileSync(path.join(dataDir, f), 'utf8'), path.join('data', f)));
}

/**
 * Load the embedded dataset in one transaction (upserts: re-seeding keeps the user's own data).
 * `wallet: false` leaves out its default wallet (for a database whose wallet comes from a load).
 */
export function seedStore(store: Store, dataDir?: string, options: { wallet?: boolean } = {}): LoadCounts {
  const items = readDefaultDataset(dataDir);
  return loadItems(store, options.wallet === false ? items.filter((i) => i.kind !== 'wallet') : items);
}

/**
 * Create `file` (private to its owner), migrate and seed it, all-or-nothing and race-free: the
 * database is built under a temporary name beside the target and then linked into place, which
 * succeeds for exactly one process. So nobody ever sees a half-seeded database (another perk starting
 * at the same moment, or a crash during seeding), and a loser simply uses the winner's file.
 * Returns false when another process created it first.
 */
export function createSeededDatabase(file: string, options: { seed?: boolean; wallet?: boolean } = {}): boolean {
  if (file === ':memory:') {
    const store = new Store(openDatabase(file).db);
    if (options.seed !== false) seedStore(store, undefined, options);
    store.close();
    return false;
  }
  const target = path.resolve(file);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  removeAbandonedTemps(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const { db } = openDatabase(tmp);
    const store = new Store(db);
    try {
      if (options.seed !== false) seedStore(store, undefined, options);
      // Move everything from the WAL into the file now, where a failure (a full disk) is an error:
      // the checkpoint a close does would fail silently, and the WAL removed below would take the data
      // with it, leaving a malformed file linked into place. The next open turns WAL back on.
      if (String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() !== 'delete') {
        throw new RuntimeError(`Cannot finish the new database ${target}: its journal could not be written back (is the disk full?).`, 'Free some disk space and try again.');
      }
    } finally {
      store.close();
    }
    if (fs.existsSync(`${tmp}-wal`)) {
      throw new RuntimeError(`Cannot finish the new database ${target}: its journal could not be written back (is the disk full?).`, 'Free some disk space and try again.');
    }
    fsyncPath(tmp);
    removeStaleSidecars(target);
    try {
      fs.linkSync(tmp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // A file system without hard links: rename, unless someone else got there first.
      if (fs.existsSync(target)) return false;
      fs.renameSync(tmp, target);
    }
    fsyncPath(dir);
    return true;
  } finally {
    removeDatabaseFiles(tmp);
  }
}

/** Temp databases of earlier first runs that were killed: their process is gone. */
function removeAbandonedTemps(dir: string, base: string): void {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length));
    if (!m || isAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const processStart = Date.now() - process.uptime() * 1000;

/**
 * A -wal or -shm left behind by a database that was deleted would be replayed into the new file and
 * corrupt it. Remove them, but only when they predate this process (a racing perk's are newer).
 */
function removeStaleSidecars(target: string): void {
  if (fs.existsSync(target)) return;
  for (const f of [`${target}-wal`, `${target}-shm`]) {
    try {
      if (fs.statSync(f).mtimeMs < processStart) fs.rmSync(f, { force: true });
    } catch {
      // absent
    }
  }
}

