/**
 * The V8 code cache of the stack fast path (src/code-cache.ts): a file loaded through it behaves as
 * `require` would, whatever state its cache is in — none, fitting, made from an older build of the same
 * length (V8 checks only the length), corrupt — and the cache is written only when it did not fit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/code-cache.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-code-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CommonJS file like dist/stack.cjs: exports, a relative require, __filename. */
function writeModule(file: string, answer: number): void {
  fs.writeFileSync(path.join(dir, 'helper.cjs'), 'module.exports = { twice: (n) => n * 2 };\n');
  fs.writeFileSync(
    file,
    `const { twice } = require('./helper.cjs');\nmodule.exports = { answer: () => twice(${answer}), file: __filename, dir: __dirname };\n`,
  );
}

type Loaded = { answer: () => number; file: string; dir: string };

function load(file: string): { value: Loaded; save: () => void } {
  const r = requireWithCodeCache(file);
  return { value: r.exports as Loaded, save: r.save };
}

describe('requireWithCodeCache', () => {
  it('loads as require does, writes the cache once, then reads it without writing again', () => {
    const file = path.join(dir, 'a.cjs');
    writeModule(file, 21);
    const first = load(file);
    expect(first.value.answer()).toBe(42);
    expect(first.value.file).toBe(file);
    expect(first.value.dir).toBe(dir);
    expect(fs.existsSync(`${file}.v8cache`)).toBe(false);
    first.save();
    const cache = fs.readFileSync(`${file}.v8cache`);
    expect(cache.toString('latin1', 0, 14)).toBe('perk-v8cache-1');

    const second = load(file);
    expect(second.value.answer()).toBe(42);
    second.save();
    expect(fs.readFileSync(`${file}.v8cache`).equals(cache)).toBe(true); // fitted: not rewritten
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never runs the code of an older build of the same length', () => {
    const file = path.join(dir, 'b.cjs');
    writeModule(file, 21);
    load(file).save();
    const size = fs.statSync(file).size;
    writeModule(file, 12); // same length, other code
    expect(fs.statSync(file).size).toBe(size);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const again = load(file);
    expect(again.value.answer()).toBe(24);
    again.save();
    expect(load(file).value.answer()).toBe(24);
  });

  it('a corrupt cache with the right header is rejected by V8 and replaced', () => {
    // (A file not compiled before in this process: V8 would take the source from its own in-memory cache.)
    const file = path.join(dir, 'c.cjs');
    writeModule(file, 5);
    const s = fs.statSync(file);
    const key = `perk-v8cache-1 ${s.size} ${s.mtimeMs} ${s.ino} ${process.version} ${process.arch}\n`;
    const junk = Buffer.alloc(4096, 7);
    fs.writeFileSync(`${file}.v8cache`, Buffer.concat([Buffer.from(key, 'latin1'), junk]));
    const r = load(file);
    expect(r.value.answer()).toBe(10);
    r.save();
    const cache = fs.readFileSync(`${file}.v8cache`);
    expect(cache.toString('latin1', 0, key.length)).toBe(key);
    expect(cache.subarray(key.length).equals(junk)).toBe(false);
  });

  it('a folder that cannot be written means no cache, not an error', () => {
    const file = path.join(dir, 'd.cjs');
    writeModule(file, 1);
    fs.mkdirSync(`${file}.v8cache`); // the cache's name is taken by a folder: the rename fails
    const r = load(file);
    expect(() => r.save()).not.toThrow();
    expect(r.value.answer()).toBe(2);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing file fails as require does', () => {
    expect(() => requireWithCodeCache(path.join(dir, 'missing.cjs'))).toThrow(/Cannot find module|ENOENT/);
  });
});
