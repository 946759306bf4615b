/**
 * Issue 13 item 6: `perk restore` while other perk processes add orders loses no acknowledged write.
 * Four writers add 12 orders each (one `perk order add` process per order, each with its own note)
 * while a restore of a known backup runs. Afterwards every order a writer was told was saved (exit 0)
 * is either in the restored database (saved after the restore) or in the copy the restore kept aside
 * (`<db>.pre-restore`, saved before it) — never in neither, never in both — every order whose command
 * started after the restore finished is in the database, and a writer that failed said so cleanly.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { integrityCheck, seededCopy, tempDir } from '../helpers/db.js';
import { perk, perkAsync, perkEnv, type PerkResult } from '../helpers/spawn.js';

const tmp = tempDir('perk-restore-writers-');
const env = perkEnv(tmp.dir, { PERK_TODAY: '2026-11-21' });
afterAll(() => tmp.cleanup());

const WRITERS = 4;
const ORDERS = 12;

interface Attempt {
  note: string;
  start: number;
  end: number;
  result: PerkResult;
}

function notes(file: string): Set<string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('SELECT note FROM orders WHERE note IS NOT NULL').all() as Array<{ note: string }>).map((r) => r.note));
  } finally {
    db.close();
  }
}

describe('item 6: restore alongside writers loses no acknowledged order', () => {
  it(`${WRITERS} writers × ${ORDERS} orders while perk restore runs, 3 rounds`, async () => {
    const backup = tmp.file('known.db');
    seededCopy(tmp.file('source.db'));
    expect(perk(['--db', tmp.file('source.db'), 'order', 'add', 'macys', '12.34', '--note', 'in-backup'], { env }).code).toBe(0);
    expect(perk(['--db', tmp.file('source.db'), 'backup', backup], { env }).code).toBe(0);

    for (let round = 0; round < 3; round++) {
      const db = tmp.file(`round-${round}.db`);
      seededCopy(db);
      let acked = 0;
      let restoreStarted!: () => void;
      const started = new Promise<void>((resolve) => (restoreStarted = resolve));
      const writer = async (w: number): Promise<Attempt[]> => {
        const out: Attempt[] = [];
        for (let i = 0; i < ORDERS; i++) {
          const note = `r${round}-w${w}-${i}`;
          const start = Date.now();
          const result = await perkAsync(['--db', db, 'order', 'add', 'amazon', `${10 + i}.${w}0`, '--note', note], { env });
          out.push({ note, start, end: Date.now(), result });
          if (result.code === 0 && ++acked === 2 * WRITERS + round * 4) restoreStarted();
        }
        return out;
      };
      const restore = (async () => {
        await started;
        const start = Date.now();
        const result = await perkAsync(['--db', db, 'restore', backup], { env });
        return { start, end: Date.now(), result };
      })();
      const attempts = (await Promise.all([...Array(WRITERS).keys()].map(writer))).flat();
      const r = await restore;
      expect(r.result.code, r.result.stderr).toBe(0);

      const now = notes(db);
      const before = notes(`${db}.pre-restore`);
      expect(now.has('in-backup'), 'the backup came back').toBe(true);
      const failed: Attempt[] = [];
      for (const a of attempts) {
        if (a.result.code !== 0) {
          failed.push(a);
          // A writer that could not save says so in one clean line, exit 1, and saved nothing.
          expect(a.result.code, a.result.stderr).toBe(1);
          expect(a.result.stderr).not.toMatch(/internal error/i);
          expect(now.has(a.note) || before.has(a.note), `${a.note} failed but was saved`).toBe(false);
          continue;
        }
        const inNow = now.has(a.note);
        const inBefore = before.has(a.note);
        expect(inNow || inBefore, `round ${round}: acknowledged ${a.note} is nowhere`).toBe(true);
        expect(inNow && inBefore, `round ${round}: ${a.note} is in both`).toBe(false);
        // Saved after the restore had finished: in the restored database.
        if (a.start > r.end) expect(inNow, `round ${round}: ${a.note} started after the restore`).toBe(true);
        // Finished before the restore began: replaced, kept aside.
        if (a.end < r.start) expect(inBefore, `round ${round}: ${a.note} ended before the restore`).toBe(true);
      }
      // The restore really ran among the writers: orders saved before it and after it.
      expect([...before].filter((n) => n.startsWith(`r${round}-`)).length).toBeGreaterThan(0);
      expect([...now].filter((n) => n.startsWith(`r${round}-`)).length).toBeGreaterThan(0);
      // Nothing appears that no writer was told was saved.
      const ok = new Set(attempts.filter((a) => a.result.code === 0).map((a) => a.note));
      for (const note of now) if (note !== 'in-backup') expect(ok.has(note), `${note} in the database`).toBe(true);
      expect(failed.length, failed.map((a) => a.result.stderr).join('\n')).toBeLessThanOrEqual(attempts.length / 2);
      expect(integrityCheck(db)).toBe('ok');
      const list = perk(['--db', db, '--json', 'order', 'list'], { env });
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as { orders: unknown[] }).orders.length).toBe(now.size);
    }
  }, 300_000);
});
