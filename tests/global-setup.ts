// Once per test run: build (the end-to-end tests run the built bin/perk.js, so they test current code),
// and seed one database as `perk init` leaves it, which tests copy (helpers/db.ts seededCopy) instead of
// seeding their own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-template-'));
  const seeded = path.join(dir, 'seeded.db');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), CI: 'true' };
  for (const key of ['PERK_DB', 'PERK_TODAY', 'PERK_DEBUG', 'FORCE_COLOR', 'NO_COLOR']) delete env[key];
  execFileSync(process.execPath, ['bin/perk.js', '--db', seeded, 'init'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  project.provide('seededDb', seeded);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
