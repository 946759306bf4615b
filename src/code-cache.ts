/**
 * `require` of a CommonJS file of dist/ with a V8 code cache kept beside it (Node 20 has no
 * module.enableCompileCache, which bin/perk.js turns on where there is one). Compiling dist/stack.cjs
 * (~95 kB) and then, while the stack runs, each function it calls costs ~10 ms of CPU on every
 * `perk stack`; with the cache V8 deserialises the bytecode instead.
 *
 * The cache is `<file>.v8cache`: a header naming the file it was made from (size, mtime, inode) and the
 * Node version and architecture, then V8's data. It is written after the command ran (so it holds the
 * functions compiled lazily during the run as well), when there was none, it did not fit the file (a new
 * build), or V8 rejected it (another V8 or other flags); to a temporary file renamed into place, so
 * concurrent runs never read half of one. A folder that cannot be written (a read-only install) means
 * no cache, never an error. V8 checks only the source's length against the data, hence the header.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

interface Internals {
  _compile(content: string, filename: string): unknown;
  load(filename: string): void;
  filename: string;
  paths: string[];
  exports: unknown;
}
type ModuleClass = (new (id: string, parent?: unknown) => Internals) & {
  _cache: Record<string, unknown>;
  _nodeModulePaths(dir: string): string[];
  wrap(source: string): string;
};

const MAGIC = 'perk-v8cache-1';

/** The exports of `file`, loaded as `require(file)` would, compiled from the cache beside it when it fits. */
export function requireWithCodeCache(file: string): { exports: unknown; save: () => void } {
  const M = Module as unknown as ModuleClass;
  const cacheFile = `${file}.v8cache`;
  let key = '';
  try {
    const s = statSync(file);
    key = `${MAGIC} ${s.size} ${s.mtimeMs} ${s.ino} ${process.version} ${process.arch}\n`;
  } catch {
    // require reports the missing file below
  }
  let cached: Buffer | undefined;
  try {
    const bytes = readFileSync(cacheFile);
    if (key && bytes.length > key.length && bytes.toString('latin1', 0, key.length) === key) cached = bytes.subarray(key.length);
  } catch {
    // no cache yet
  }
  let script: Script | undefined;
  const m = new M(file);
  m.filename = file;
  m.paths = M._nodeModulePaths(dirname(file));
  // Module.prototype.load reads the file and hands it to _compile: compile it here, with the cache.
  m._compile = function compile(content: string, filename: string) {
    script = new Script(M.wrap(content), { filename, cachedData: cached });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(m.exports, m.exports, Module.createRequire(filename), m, filename, dirname(filename));
  };
  M._cache[file] = m;
  try {
    m.load(file);
  } catch (error) {
    delete M._cache[file];
    throw error;
  }
  const save = () => {
    if (!key || !script || (cached && !script.cachedDataRejected)) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]), { mode: 0o644 });
      renameSync(tmp, cacheFile);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written
      }
    }
  };
  return { exports: m.exports, save };
}
