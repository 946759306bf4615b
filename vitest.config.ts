import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `fast` (in-process unit, db and cli tests: `npm run test:fast`, the one-minute loop) and
// `e2e` (the end-to-end, robustness and terminal tests, which run the built bin/perk.js and copy the
// seeded template database: both made once by tests/global-setup.ts). `npm test` runs both.
const FAST = ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/db/**/*.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Forks, not threads: the in-process command runs (tests/helpers/in-process.ts) chdir and swap env.
    pool: 'forks',
    // One worker per core (vitest's default leaves one core idle: on 2 cores it runs one file at a time).
    maxWorkers: os.availableParallelism(),
    projects: [
      { extends: true, test: { name: 'fast', include: FAST } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          exclude: [...FAST, 'tests/bench/**', 'node_modules/**'],
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
