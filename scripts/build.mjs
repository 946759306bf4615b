// Bundle src/main.ts into dist/ with esbuild: ESM, code splitting so each command (and the prompt and
// table code) is its own chunk loaded on demand; better-sqlite3 stays external (native addon).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['better-sqlite3'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // CommonJS dependencies bundled into ESM (cli-table3, …) need require.
    js: "import { createRequire as __perkRequire } from 'node:module'; const require = __perkRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
