/**
 * Issue 13 item 2: a first run on a nearly full disk leaves nothing behind, whatever fails — opening,
 * seeding, or writing the journal back into the file (which a close used to fail silently, linking a
 * malformed perk.db into place). A small tmpfs, mounted here when the machine allows (root on Linux).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/db.js';
import { perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-first-run-disk-');
const env = perkEnv(tmp.dir);
const mnt = tmp.file('small-disk');
const SIZE_KB = 1536;
let mounted = false;

beforeAll(() => {
  fs.mkdirSync(mnt);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_KB}k`, 'tmpfs', mnt]).status === 0;
  if (!mounted) console.warn('item 2 skipped: cannot mount a small tmpfs here (needs root on Linux)');
});
afterAll(() => {
  if (mounted) spawnSync('umount', [mnt]);
  tmp.cleanup();
});

describe('item 2: first run on a nearly full disk', () => {
  it('with 100 KB to 1.1 MB free, a first run either works or fails (exit 1, saying the disk is full) leaving no file', () => {
    if (!mounted) return;
    const outcomes: string[] = [];
    for (let free = 100; free <= 1100; free += 100) {
      for (const f of fs.readdirSync(mnt)) fs.rmSync(`${mnt}/${f}`, { recursive: true, force: true });
      fs.writeFileSync(`${mnt}/fill`, Buffer.alloc((SIZE_KB - free) * 1024));
      const r = perk(['--db', `${mnt}/perk.db`, 'stack', 'macys', '5'], { env });
      const left = fs.readdirSync(mnt).filter((f) => f !== 'fill');
      if (r.code === 0) {
        expect(left).toEqual(['perk.db']);
      } else {
        expect(`${free} KB: ${r.code} ${left.join(' ')}`).toBe(`${free} KB: 1 `);
        expect(r.stderr).toMatch(/disk is full/);
        expect(r.stderr).not.toMatch(/internal error|malformed/);
      }
      // Whatever happened, the next run with room works.
      fs.rmSync(`${mnt}/fill`);
      expect(perk(['--db', `${mnt}/perk.db`, 'stack', 'macys', '5'], { env }).code).toBe(0);
      outcomes.push(`${free}:${r.code}`);
    }
    // Both outcomes were exercised: the sweep crossed the size a first run needs.
    expect(outcomes.some((o) => o.endsWith(':0'))).toBe(true);
    expect(outcomes.some((o) => o.endsWith(':1'))).toBe(true);
  }, 120_000);
});
