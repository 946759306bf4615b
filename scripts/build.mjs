// Bundle src/main.ts into dist/ with esbuild: ESM, code splitting so each command (and the prompt and
// table code) is its own chunk loaded on demand; better-sqlite3 stays external (native addon).
// Files from earlier builds are removed afterwards (not before), so a run of bin/perk.js that starts
// during a rebuild never finds dist/ empty.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const result = await build({
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
  entryNames: '[name]',
  metafile: true,
  banner: {
    // CommonJS dependencies bundled into ESM (cli-table3, …) need require.
    js: "import { createRequire as __perkRequire } from 'node:module'; const require = __perkRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const fresh = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
for (const dir of ['dist', 'dist/chunks']) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    continue;
  }
  for (const name of names) {
    const file = path.resolve(dir, name);
    if (name.endsWith('.js') && !fresh.has(file)) rmSync(file, { force: true });
  }
}
